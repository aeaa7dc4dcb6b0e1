package io.ltq.experiments.lottery;

import static io.ltq.experiments.lottery.InvalidSettingException.check;

import java.util.List;
import java.util.Objects;

/**
 * Which network trains where: the network, the DJL engine and the device.
 *
 * @param model the network's name, e.g. {@code lenet300} ({@link Preset#names()})
 * @param engine the DJL engine, {@code PyTorch} or {@code MXNet}
 * @param device {@code cpu} or {@code gpu}
 */
public record NetworkSettings(String model, String engine, String device) {

    /** Checks the settings. */
    public NetworkSettings {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(device, "device");
        check(List.of("cpu", "gpu").contains(device),
                "{device} must be cpu or gpu, got " + device + ".");
    }

    /** LeNet-300-100 on PyTorch on the CPU. */
    public static final NetworkSettings DEFAULTS =
            new NetworkSettings("lenet300", "PyTorch", "cpu");

    /**
     * Returns a copy with another network.
     *
     * @param value the new value
     * @return the new settings
     */
    public NetworkSettings withModel(String value) {
        return new NetworkSettings(value, engine, device);
    }

    /**
     * Returns a copy with another engine.
     *
     * @param value the new value
     * @return the new settings
     */
    public NetworkSettings withEngine(String value) {
        return new NetworkSettings(model, value, device);
    }

    /**
     * Returns a copy with another device.
     *
     * @param value the new value
     * @return the new settings
     */
    public NetworkSettings withDevice(String value) {
        return new NetworkSettings(model, engine, value);
    }
}
