//go:build race

package tier

// raceEnabled says the engine was built with the race detector: plugins
// must be too.
const raceEnabled = true
