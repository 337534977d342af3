// Torch's global RNG and the process-wide RngManager are shared: run the tests one at a time.
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]
