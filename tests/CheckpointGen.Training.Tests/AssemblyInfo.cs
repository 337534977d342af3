// Training tests seed and draw from torch's process-wide generator: run them one at a time.
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]
