package io.ltq.experiments.datasets;

import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.RandomAccessDataset;

import org.testng.Assert;
import org.testng.annotations.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

public class SeededShuffleSamplerTest {

    private static RandomAccessDataset dataset(int n, SeededShuffleSampler sampler) {
        LabeledImages images = new LabeledImages(new float[n], new int[n], new Shape(1, 1, 1), 10);
        return InMemoryDataset.builder().setImages(images).setSampling(sampler).build();
    }

    private static List<List<Long>> epoch(SeededShuffleSampler sampler, RandomAccessDataset data) {
        List<List<Long>> batches = new ArrayList<>();
        Iterator<List<Long>> it = sampler.sample(data);
        it.forEachRemaining(batches::add);
        return batches;
    }

    private static long[] flatten(List<List<Long>> batches) {
        return batches.stream().flatMap(List::stream).mapToLong(Long::longValue).toArray();
    }

    @Test
    public void everyEpochIsAPermutationInBatches() {
        SeededShuffleSampler sampler =
                SeededShuffleSampler.builder().setBatchSize(7).optSeed(5).build();
        RandomAccessDataset data = dataset(100, sampler);
        for (int e = 0; e < 5; e++) {
            List<List<Long>> batches = epoch(sampler, data);
            Assert.assertEquals(batches.size(), 15);
            Assert.assertEquals(batches.get(14).size(), 2);
            long[] all = flatten(batches);
            Arrays.sort(all);
            for (int i = 0; i < 100; i++) {
                Assert.assertEquals(all[i], i);
            }
        }
        Assert.assertEquals(sampler.getEpoch(), 5);
    }

    @Test
    public void dropLastDropsTheIncompleteBatch() {
        SeededShuffleSampler sampler =
                SeededShuffleSampler.builder().setBatchSize(7).optDropLast(true).build();
        List<List<Long>> batches = epoch(sampler, dataset(100, sampler));
        Assert.assertEquals(batches.size(), 14);
        Assert.assertTrue(batches.stream().allMatch(b -> b.size() == 7));
    }

    @Test
    public void sameSeedAndEpochGiveTheSameOrderAndEpochsDiffer() {
        SeededShuffleSampler a =
                SeededShuffleSampler.builder().setBatchSize(10).optSeed(42).build();
        SeededShuffleSampler b =
                SeededShuffleSampler.builder().setBatchSize(10).optSeed(42).build();
        RandomAccessDataset data = dataset(50, a);
        long[] a0 = flatten(epoch(a, data));
        long[] a1 = flatten(epoch(a, data));
        Assert.assertEquals(flatten(epoch(b, data)), a0);
        Assert.assertEquals(flatten(epoch(b, data)), a1);
        Assert.assertNotEquals(a0, a1);
        SeededShuffleSampler other =
                SeededShuffleSampler.builder().setBatchSize(10).optSeed(43).build();
        Assert.assertNotEquals(flatten(epoch(other, data)), a0);
    }

    @Test
    public void resumingReproducesTheOrder() {
        SeededShuffleSampler full =
                SeededShuffleSampler.builder().setBatchSize(4).optSeed(9).build();
        RandomAccessDataset data = dataset(30, full);
        List<long[]> orders = new ArrayList<>();
        for (int e = 0; e < 4; e++) {
            orders.add(flatten(epoch(full, data)));
        }
        SeededShuffleSampler resumed =
                SeededShuffleSampler.builder().setBatchSize(4).optSeed(9).optStartEpoch(2).build();
        Assert.assertEquals(flatten(epoch(resumed, data)), orders.get(2));
        Assert.assertEquals(flatten(epoch(resumed, data)), orders.get(3));
        resumed.setEpoch(1);
        Assert.assertEquals(flatten(epoch(resumed, data)), orders.get(1));
    }

    @Test
    public void allPermutationsOfThreeAppearUniformly() {
        Map<String, Integer> counts = new HashMap<>();
        int trials = 6000;
        for (int seed = 0; seed < trials; seed++) {
            SeededShuffleSampler s =
                    SeededShuffleSampler.builder().setBatchSize(3).optSeed(seed).build();
            counts.merge(Arrays.toString(s.permutation(3, 0)), 1, Integer::sum);
        }
        Assert.assertEquals(counts.size(), 6, counts.toString());
        // Permutations with fixed points, which Sattolo's algorithm (DJL's RandomSampler) never
        // makes.
        Assert.assertTrue(counts.containsKey("[0, 1, 2]"));
        Assert.assertTrue(counts.containsKey("[0, 2, 1]"));
        Assert.assertTrue(counts.containsKey("[2, 1, 0]"));
        for (int c : counts.values()) {
            // 1000 expected; 5 standard deviations is about 150.
            Assert.assertTrue(Math.abs(c - trials / 6) < 150, counts.toString());
        }
        // Over epochs of one seed, too.
        SeededShuffleSampler s = SeededShuffleSampler.builder().setBatchSize(3).optSeed(1).build();
        Map<String, Integer> byEpoch = new HashMap<>();
        for (int e = 0; e < 600; e++) {
            byEpoch.merge(Arrays.toString(s.permutation(3, e)), 1, Integer::sum);
        }
        Assert.assertEquals(byEpoch.size(), 6, byEpoch.toString());
    }

    @Test
    public void batchSizeIsRequired() {
        Assert.expectThrows(
                IllegalStateException.class, () -> SeededShuffleSampler.builder().build());
        Assert.expectThrows(
                IllegalArgumentException.class,
                () -> SeededShuffleSampler.builder().setBatchSize(0));
    }
}
