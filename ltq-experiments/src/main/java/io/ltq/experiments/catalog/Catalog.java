package io.ltq.experiments.catalog;

import ai.djl.nn.Block;
import io.ltq.experiments.UserMistakeException;
import io.ltq.experiments.datasets.DataSource;
import io.ltq.experiments.lottery.Control;
import io.ltq.experiments.lottery.LotteryConfig;
import io.ltq.experiments.lottery.Network;
import io.ltq.experiments.lottery.PruningStrategy;
import io.ltq.experiments.lottery.RunComponents;
import io.ltq.experiments.lottery.RunDirectory;
import io.ltq.prune.Pruner;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Every network, dataset, pruning strategy and control LTQ can run, by name: those of the
 * {@link LtqExtension}s on the class path (LTQ's own among them) and those added from Java. A
 * name with a dot that no extension registers is a class name: a {@link Network} (or a DJL
 * {@link Block} with a public no-argument constructor), a {@link DataSource}, a {@link
 * PruningStrategy} (or a {@link Pruner} with a public no-argument constructor) or a {@link
 * Control}, loaded from the class path.
 *
 * <pre>{@code
 * Catalog catalog = Catalog.discover();
 * Network net = catalog.network("lenet300");
 * Network mine = catalog.network("com.acme.AcmeNet");
 * }</pre>
 */
public final class Catalog {

    private final ClassLoader loader;
    private final Kind<Network> networks;
    private final Kind<DataSource> datasets;
    private final Kind<PruningStrategy> pruners;
    private final Kind<Control> controls;

    private Catalog(Builder b) {
        this.loader = b.loader;
        this.networks = new Kind<>("network", "--model", Network.class, Network::name,
                Catalog::networkOfClass);
        this.datasets = new Kind<>("data set", "--dataset", DataSource.class, DataSource::name,
                null);
        this.pruners = new Kind<>("pruner", "--pruner", PruningStrategy.class,
                PruningStrategy::name, Catalog::prunerOfClass);
        this.controls = new Kind<>("control", "--controls", Control.class, Control::name, null);
        for (LtqExtension e : b.extensions) {
            String origin = origin(e.getClass());
            e.networks().forEach(n -> networks.add(n, origin));
            e.datasets().forEach(d -> datasets.add(d, origin));
            e.pruners().forEach(p -> pruners.add(p, origin));
            e.controls().forEach(c -> controls.add(c, origin));
        }
    }

    /**
     * Returns the catalog of the extensions on the class path of the current thread.
     *
     * @return the catalog
     */
    public static Catalog discover() {
        return builder().build();
    }

    /**
     * Returns a builder that starts with the extensions on the class path.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a network by name or class name.
     *
     * @param name e.g. {@code lenet300} or {@code com.acme.AcmeNet}
     * @return the network
     * @throws UserMistakeException naming the known networks when there is none by that name
     */
    public Network network(String name) {
        return networks.get(name, loader);
    }

    /**
     * Returns a dataset by name or class name.
     *
     * @param name e.g. {@code fashion-mnist} or {@code com.acme.AcmeParts}
     * @return the dataset
     * @throws UserMistakeException naming the known datasets when there is none by that name
     */
    public DataSource dataset(String name) {
        return datasets.get(name, loader);
    }

    /**
     * Returns a pruning strategy by name or class name.
     *
     * @param name e.g. {@code magnitude}
     * @return the strategy
     * @throws UserMistakeException naming the known strategies when there is none by that name
     */
    public PruningStrategy pruner(String name) {
        return pruners.get(name, loader);
    }

    /**
     * Returns a control by name or class name; {@code random-prune} finds {@code random_prune}.
     *
     * @param name e.g. {@code reinit}
     * @return the control
     * @throws UserMistakeException naming the known controls when there is none by that name
     */
    public Control control(String name) {
        return controls.get(name.indexOf('.') < 0 ? name.replace('-', '_') : name, loader);
    }

    /**
     * Returns the key a control is recorded by in {@code run.json}: its registered name, or its
     * class name when it was given by class.
     *
     * @param name a name as given to {@code --controls}
     * @return the key
     */
    public String controlKey(String name) {
        Control c = control(name);
        return controls.registered(c) ? c.name() : name;
    }

    /**
     * Resolves the pieces of a run from the names its settings record.
     *
     * @param config the run's settings
     * @return the network, pruning strategy and controls
     * @throws UserMistakeException when one is not on the class path
     */
    public RunComponents components(LotteryConfig config) {
        List<Control> cs = new ArrayList<>();
        config.pruning().controls().forEach(c -> cs.add(control(c)));
        return new RunComponents(network(config.network().model()),
                pruner(config.pruning().pruner()), cs);
    }

    /**
     * Resolves the pieces of a recorded run, saying which run needs what is missing.
     *
     * @param dir the run folder
     * @param config its recorded settings
     * @return the network, pruning strategy and controls
     * @throws UserMistakeException when one is not on the class path
     */
    public RunComponents components(RunDirectory dir, LotteryConfig config) {
        List<Control> cs = new ArrayList<>();
        config.pruning().controls().forEach(c -> cs.add(ofRun(dir, c, () -> control(c))));
        String pruner = config.pruning().pruner();
        return new RunComponents(network(dir, config), ofRun(dir, pruner, () -> pruner(pruner)),
                cs);
    }

    /**
     * Returns the dataset of a recorded run, saying which run needs it when it is missing.
     *
     * @param dir the run folder
     * @param config its recorded settings
     * @return the dataset
     * @throws UserMistakeException when it is not on the class path
     */
    public DataSource dataset(RunDirectory dir, LotteryConfig config) {
        String name = config.data().dataset();
        return ofRun(dir, name, () -> dataset(name));
    }

    /**
     * Returns the network of a recorded run, saying which run needs it when it is missing.
     *
     * @param dir the run folder
     * @param config its recorded settings
     * @return the network
     * @throws UserMistakeException when it is not on the class path
     */
    public Network network(RunDirectory dir, LotteryConfig config) {
        String name = config.network().model();
        return ofRun(dir, name, () -> network(name));
    }

    // A recorded run's piece can only come back with the jar that had it, so that is the advice.
    private static <T> T ofRun(RunDirectory dir, String name, Supplier<T> lookup) {
        try {
            return lookup.get();
        } catch (Missing e) {
            throw new UserMistakeException("Run folder " + dir.root() + " was made with " + name
                    + ", which is not on the class path: put the jar that has it on"
                    + " LTQ_CLASSPATH (LTQ_CLASSPATH=my.jar ./ltq ...).", e);
        }
    }

    /**
     * Returns what {@code ltq list} shows: every registered piece with where it comes from.
     *
     * @return the entries: networks, datasets, pruners, controls
     */
    public Listing listing() {
        return new Listing(networks.entries(), datasets.entries(), pruners.entries(),
                controls.entries());
    }

    /**
     * The registered pieces, each with where it comes from.
     *
     * @param networks the networks
     * @param datasets the datasets
     * @param pruners the pruning strategies
     * @param controls the controls
     */
    public record Listing(List<Entry<Network>> networks, List<Entry<DataSource>> datasets,
            List<Entry<PruningStrategy>> pruners, List<Entry<Control>> controls) {}

    /**
     * A registered piece.
     *
     * @param name its name
     * @param item the piece
     * @param origin where it comes from: {@code bundled}, or the jar or folder of its extension
     * @param <T> the kind of piece
     */
    public record Entry<T>(String name, T item, String origin) {}

    /** Says where a class was loaded from: LTQ's own jar, or another jar or folder. */
    static String origin(Class<?> c) {
        if (c.getClassLoader() == Catalog.class.getClassLoader()
                && Objects.equals(location(c), location(Catalog.class))) {
            return "bundled";
        }
        String where = location(c);
        return where == null ? c.getName() : where;
    }

    private static String location(Class<?> c) {
        CodeSource source = c.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return null;
        }
        try {
            return Path.of(source.getLocation().toURI()).toString();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return source.getLocation().toString();
        }
    }

    // A Block class becomes a network named after it; a constructor taking the number of
    // classes is preferred, so the output layer fits the data.
    private static Network networkOfClass(Class<?> c) {
        if (!Block.class.isAssignableFrom(c)) {
            return null;
        }
        return Network.of(c.getName(), (shape, classes) -> {
            try {
                try {
                    return (Block) c.getConstructor(int.class).newInstance(classes);
                } catch (NoSuchMethodException e) {
                    return (Block) c.getConstructor().newInstance();
                }
            } catch (InvocationTargetException e) {
                throw new IllegalStateException(c.getName() + "'s constructor failed",
                        e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new UserMistakeException("--model " + c.getName() + " is a Block without a"
                        + " public constructor taking nothing or the number of classes: add"
                        + " one.", e);
            }
        });
    }

    // A Pruner class with its own settings becomes a strategy named after it.
    private static PruningStrategy prunerOfClass(Class<?> c) {
        if (!Pruner.class.isAssignableFrom(c)) {
            return null;
        }
        Pruner pruner = (Pruner) instantiate(c, "--pruner");
        return new PruningStrategy() {
            @Override
            public String name() {
                return c.getName();
            }

            @Override
            public Pruner newPruner(io.ltq.experiments.lottery.PruningSettings settings) {
                return pruner;
            }
        };
    }

    private static Object instantiate(Class<?> c, String flag) {
        try {
            Constructor<?> k = c.getConstructor();
            return k.newInstance();
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(c.getName() + "'s constructor failed", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new UserMistakeException(flag + " " + c.getName() + " has no public constructor"
                    + " without arguments: add one, or register an instance through an"
                    + " LtqExtension.", e);
        }
    }

    /** No piece by that name: neither registered nor a class on the class path. */
    private static final class Missing extends UserMistakeException {

        private static final long serialVersionUID = 1L;

        Missing(String message) {
            super(message);
        }

        Missing(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** One kind of piece: the registered ones by name, and class names. */
    private static final class Kind<T> {

        private final String what;
        private final String flag;
        private final Class<T> type;
        private final Function<T, String> name;
        private final Function<Class<?>, T> adapt;
        private final Map<String, Entry<T>> byName = new LinkedHashMap<>();

        Kind(String what, String flag, Class<T> type, Function<T, String> name,
                Function<Class<?>, T> adapt) {
            this.what = what;
            this.flag = flag;
            this.type = type;
            this.name = name;
            this.adapt = adapt;
        }

        void add(T item, String origin) {
            String n = name.apply(item);
            Entry<T> old = byName.putIfAbsent(key(n), new Entry<>(n, item, origin));
            if (old != null) {
                throw new IllegalStateException("Two " + what + "s are named " + n + ": one from "
                        + old.origin() + ", one from " + origin + "; rename one.");
            }
        }

        boolean registered(T item) {
            return byName.values().stream().anyMatch(e -> e.item() == item);
        }

        List<Entry<T>> entries() {
            return List.copyOf(byName.values());
        }

        T get(String n, ClassLoader loader) {
            Entry<T> e = byName.get(key(n));
            if (e != null) {
                return e.item();
            }
            if (n.indexOf('.') > 0) {
                return ofClass(n.trim(), loader);
            }
            throw new Missing("Unknown " + what + " " + n + ": choose one of "
                    + String.join(", ", byName.values().stream().map(Entry::name).toList())
                    + ", or give the class name of your own (see: ltq list).");
        }

        private T ofClass(String className, ClassLoader loader) {
            Class<?> c;
            try {
                c = Class.forName(className, true, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                throw new Missing(flag + " " + className + " is not on the class"
                        + " path: put the jar that has it on LTQ_CLASSPATH (LTQ_CLASSPATH=my.jar"
                        + " ./ltq ...), or choose one of " + String.join(", ", byName.values()
                                .stream().map(Entry::name).toList()) + ".", e);
            }
            if (type.isAssignableFrom(c)) {
                return type.cast(instantiate(c, flag));
            }
            T adapted = adapt == null ? null : adapt.apply(c);
            if (adapted == null) {
                throw new UserMistakeException(flag + " " + className + " is not a "
                        + type.getSimpleName() + (type == Network.class ? " or a DJL Block"
                                : type == PruningStrategy.class ? " or a Pruner" : "")
                        + ": give a class that implements " + type.getName() + ".");
            }
            return adapted;
        }

        private static String key(String n) {
            return n.trim().toLowerCase(Locale.ROOT);
        }
    }

    /** Configures a {@link Catalog}. */
    public static final class Builder {

        private final List<LtqExtension> extensions = new ArrayList<>();
        private ClassLoader loader;

        Builder() {
            loader = Thread.currentThread().getContextClassLoader();
            if (loader == null) {
                loader = Catalog.class.getClassLoader();
            }
            ServiceLoader.load(LtqExtension.class, loader).forEach(extensions::add);
            if (extensions.stream().noneMatch(e -> e instanceof BundledExtension)) {
                // A class loader that cannot see LTQ's own services (an application server's).
                extensions.add(0, new BundledExtension());
            }
        }

        /**
         * Adds an extension's pieces, for a Java program that registers its own without a
         * service file.
         *
         * @param extension the extension
         * @return this builder
         */
        public Builder addExtension(LtqExtension extension) {
            extensions.add(Objects.requireNonNull(extension, "extension"));
            return this;
        }

        /**
         * Builds the catalog.
         *
         * @return the catalog
         * @throws IllegalStateException when two extensions register the same name
         */
        public Catalog build() {
            return new Catalog(this);
        }
    }
}
