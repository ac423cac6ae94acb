package dev.signet.bench;

import org.openjdk.jmh.annotations.Threads;

/** {@link VerifyCases} on two threads sharing each verifier (throughput is the sum of both). */
@Threads(2)
public class VerifyTwoThreadsBenchmark extends VerifyCases {}
