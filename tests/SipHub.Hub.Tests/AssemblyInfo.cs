// The hubs these tests start share one broker's queues (competing consumers would take each other's
// messages) and two cores: one test class at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
