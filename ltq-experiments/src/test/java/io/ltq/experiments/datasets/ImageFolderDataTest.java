package io.ltq.experiments.datasets;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.expectThrows;
import static org.testng.Assert.assertTrue;

import ai.djl.ndarray.types.Shape;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.testng.annotations.AfterMethod;
import org.testng.annotations.BeforeMethod;
import org.testng.annotations.Test;

public class ImageFolderDataTest {

    private Path root;

    @BeforeMethod
    public void makeFolder() throws IOException {
        root = Files.createTempDirectory("ltq-image-folder");
    }

    @AfterMethod(alwaysRun = true)
    public void deleteFolder() throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Image i of a class is filled with the gray value 40·class + i, size×size pixels. */
    private void write(String split, String cls, int classIndex, int count, int size)
            throws IOException {
        Path dir = Files.createDirectories(root.resolve(split).resolve(cls));
        for (int i = 0; i < count; i++) {
            BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
            int v = 40 * classIndex + i;
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    img.setRGB(x, y, (v << 16) | (v << 8) | v);
                }
            }
            ImageIO.write(img, "png", dir.resolve("img" + i + ".png").toFile());
        }
    }

    private void writeBoth(int size) throws IOException {
        for (String split : new String[] {"train", "test"}) {
            write(split, "cat", 0, 3, size);
            write(split, "dog", 1, 2, size);
        }
    }

    @Test
    public void readsClassSubfoldersInNameOrderAsFloatsInZeroOne() throws IOException {
        writeBoth(6);
        TrainTestData data = new ImageFolderData(true).load(root);
        LabeledImages train = data.train();
        assertEquals(train.exampleShape(), new Shape(1, 6, 6));
        assertEquals(train.numClasses(), 2);
        assertEquals(train.size(), 5);
        int dogs = 0;
        for (int i = 0; i < train.size(); i++) {
            int label = train.label(i);
            dogs += label;
            float first = train.pixels()[i * 36];
            assertTrue(label == 0 ? first < 3 / 255f + 1e-6 : first >= 40 / 255f - 1e-6,
                    "example " + i + " of class " + label + " has pixel " + first);
        }
        assertEquals(dogs, 2);
        TrainTestData color = new ImageFolderData(false).load(root);
        assertEquals(color.test().exampleShape(), new Shape(3, 6, 6));
    }

    @Test
    public void refusesWhatItCannotReadWithTheFix() throws IOException {
        ImageFolderData gray = new ImageFolderData(true);
        DataException none = expectThrows(DataException.class, () -> gray.load(null));
        assertTrue(none.getMessage().contains("--data FOLDER"), none.getMessage());
        write("train", "cat", 0, 2, 6);
        write("train", "dog", 1, 2, 6);
        DataException noTest = expectThrows(DataException.class, () -> gray.load(root));
        assertTrue(noTest.getMessage().contains("test") && noTest.getMessage().contains("missing"),
                noTest.getMessage());
        write("test", "cat", 0, 2, 6);
        write("test", "cow", 2, 2, 6);
        DataException classes = expectThrows(DataException.class, () -> gray.load(root));
        assertTrue(classes.getMessage().contains("different class folders"),
                classes.getMessage());
    }

    @Test
    public void refusesImagesOfDifferentSizes() throws IOException {
        writeBoth(6);
        write("train", "dog", 1, 1, 8); // overwrites img0 of dog with an 8x8 image
        DataException e = expectThrows(DataException.class,
                () -> new ImageFolderData(true).load(root));
        assertTrue(e.getMessage().contains("resize"), e.getMessage());
    }
}
