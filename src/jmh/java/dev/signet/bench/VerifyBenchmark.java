package dev.signet.bench;

import org.openjdk.jmh.annotations.Threads;

/** {@link VerifyCases} on one thread. */
@Threads(1)
public class VerifyBenchmark extends VerifyCases {}
