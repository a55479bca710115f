package tfconfig

// Limits on what a configuration may make this package do. A
// configuration is untrusted input (an upload to the server); real ones
// are far below every limit.
const (
	maxFileBytes       = 4 << 20  // one .tf, .tf.json or var file
	maxTotalBytes      = 16 << 20 // all files read
	maxFiles           = 1000     // .tf and .tf.json files over all modules
	maxInstances       = 20000    // resource and data instances
	maxModuleInstances = 1000     // module instances, the root included
	maxModuleDepth     = 16       // module calls nested
	maxEvalDepth       = 400      // references followed to evaluate one value
)
