package io.ltq.files;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.testng.annotations.Test;

public class NpyTest {

    private static byte[] raw(String dict) {
        byte[] text = dict.getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[10 + text.length];
        System.arraycopy(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}, 0, out, 0, 8);
        out[8] = (byte) text.length;
        out[9] = (byte) (text.length >>> 8);
        System.arraycopy(text, 0, out, 10, text.length);
        return out;
    }

    private static Npy.Header read(byte[] bytes) throws IOException {
        return Npy.readHeader(new ByteArrayInputStream(bytes));
    }

    @Test
    public void headersAreAlignedAndReadBack() throws IOException {
        for (long[] shape : new long[][] {{}, {5}, {300, 784}, {64, 3, 3, 3}, {0, 4}}) {
            byte[] h = Npy.header("|b1", shape);
            assertEquals(h.length % 64, 0);
            assertEquals(h[h.length - 1], '\n');
            InputStream in = new ByteArrayInputStream(
                    Arrays.copyOf(h, h.length + 3));
            Npy.Header back = Npy.readHeader(in);
            assertTrue(back.is("|b1", shape), Arrays.toString(shape));
            assertEquals(in.available(), 3, "left at the data");
        }
        String text = new String(Npy.header("<f4", new long[] {3, 4}), StandardCharsets.US_ASCII);
        assertEquals(text.substring(10).strip(),
                "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }");
        assertTrue(new String(Npy.header("|u1", new long[] {5}), StandardCharsets.US_ASCII)
                .contains("'shape': (5,), }"));
    }

    @Test
    public void readsWhatNumpyMayWrite() throws IOException {
        Npy.Header h = read(raw("{\"shape\": (2,3), 'fortran_order': True, 'descr': '<f8'}  \n"));
        assertEquals(h.descr(), "<f8");
        assertTrue(h.fortranOrder());
        assertEquals(h.shape(), new long[] {2, 3});
        assertFalse(h.is("<f8", new long[] {2, 3}), "Fortran order is not C order");
    }

    @Test
    public void badHeadersSaySo() {
        assertMessage(new byte[] {(byte) 0x93, 'N'}, "is too short for an .npy header");
        assertMessage("not a numpy file".getBytes(StandardCharsets.US_ASCII),
                "does not start like an .npy file");
        byte[] v2 = raw("{}\n");
        v2[6] = 2;
        assertMessage(v2, "is .npy version 2.0, not 1.0");
        assertMessage(Arrays.copyOf(raw("{'descr': '|b1'}\n"), 14), "has a truncated .npy header");
        assertMessage(raw("{'descr': '|b1', 'fortran_order': False, 'shape': [1,], }\n"),
                "has a bad .npy header: expected '('");
        assertMessage(raw("{'descr': '|b1', 'shape': (1,), }\n"), "missing");
        assertMessage(raw("{'descr': '|b1', 'descr': '|b1'}\n"), "repeated key");
        assertMessage(raw("{'descr': '|b1', 'fortran_order': False, 'shape': (), } x\n"),
                "text after the dict");
    }

    private static void assertMessage(byte[] bytes, String expected) {
        IllegalArgumentException e =
                expectThrows(IllegalArgumentException.class, () -> read(bytes));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
