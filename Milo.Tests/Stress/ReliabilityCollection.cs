namespace Milo.Tests.Stress;

/// <summary>
/// The fuzz, internal-error and stress tests: heavy on CPU and memory and sensitive to contention, so they run one at a
/// time after the parallel part of the suite (and do not skew other tests' timing checks).
/// </summary>
[CollectionDefinition("reliability-serial", DisableParallelization = true)]
public class ReliabilitySerialCollection { }
