package io.ltq.djl.structure;

import static org.testng.Assert.assertSame;
import static org.testng.Assert.assertTrue;

import org.testng.annotations.Test;

/**
 * The convolution check against the engines: MXNet's convolution is right at 17 input channels
 * on every machine measured; PyTorch's is right on some and not on others (AMD EPYC with
 * AVX-512: off by up to 1.6), so for it the test only asks for a measurement, once per JVM.
 */
public class ConvolutionCheckTest {

    @Test
    public void mxnetConvolvesSeventeenChannelsRight() {
        ConvolutionCheck.Result r = ConvolutionCheck.of("MXNet");
        assertTrue(r.correct(), r.toString());
        assertTrue(r.maxDifference() < 1e-4, r.toString());
    }

    @Test
    public void eachEngineIsCheckedOnce() {
        ConvolutionCheck.Result r = ConvolutionCheck.of("PyTorch");
        assertTrue(r.maxDifference() >= 0, r.toString());
        assertSame(ConvolutionCheck.of("PyTorch"), r);
        System.out.println("ConvolutionCheck: " + r);
    }
}
