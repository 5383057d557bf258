/* The entry module of every page (base.html): the trail of the places visited. */
import * as trail from "./trail.js";

trail.start();
