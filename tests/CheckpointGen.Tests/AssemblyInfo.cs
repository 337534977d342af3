// Many tests seed or read torch's process-wide CPU generator (directly, or through module
// initialisation and dropout); run test classes one at a time so that none disturbs another's
// sequence. The suite is fast enough that parallelism buys little.
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]
