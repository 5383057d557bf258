// Returns the Graph Data Science library's `version`; fails on a server without
// the plugin (that failure is how its absence is detected).
RETURN gds.version() AS version
