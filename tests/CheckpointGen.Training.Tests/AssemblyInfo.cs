// Tests seed and read torch's process-wide CPU generator and RngManager's managed one: run them one at a time.
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]
