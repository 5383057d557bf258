/* The entry module of every page (base.html): the trail of the places visited and the
 * tools of the lists written as tables (sort, filter, show more, CSV). */
import * as tables from "./tables.js";
import * as trail from "./trail.js";

trail.start();
tables.start();
