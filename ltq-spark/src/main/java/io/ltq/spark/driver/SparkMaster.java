package io.ltq.spark.driver;

import io.ltq.experiments.UserMistakeException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a sweep's runs go: Spark embedded in this JVM ({@code local[N,F]}: N cores, each task
 * tried up to F times) or a cluster ({@code spark://HOST:PORT}, {@code yarn}, {@code
 * k8s://HOST:PORT}). A cluster is checked before Spark starts: its master must answer on its
 * port, and YARN and Kubernetes need Spark's support for them on the class path, which a {@code
 * spark-submit} of the cluster jar gives.
 */
public final class SparkMaster {

    /** The kinds of master. */
    public enum Kind {
        /** Spark in this JVM. */
        LOCAL,
        /** A Spark standalone cluster. */
        STANDALONE,
        /** Hadoop YARN. */
        YARN,
        /** Kubernetes. */
        KUBERNETES
    }

    private static final Pattern LOCAL = Pattern.compile("local(\\[(\\*|\\d+)(,(\\d+))?\\])?");
    private static final int CONNECT_MILLIS = 3000;

    private final String url;
    private final Kind kind;

    private SparkMaster(String url, Kind kind) {
        this.url = url;
        this.kind = kind;
    }

    /**
     * Returns Spark in this JVM on some cores, each task tried up to a number of times (plain
     * {@code local[N]} never retries a failed task).
     *
     * @param cores the cores Spark schedules on
     * @param maxFailures attempts per task
     * @return {@code local[cores,maxFailures]}
     */
    public static SparkMaster local(int cores, int maxFailures) {
        return new SparkMaster("local[" + cores + "," + maxFailures + "]", Kind.LOCAL);
    }

    /**
     * Reads a master URL.
     *
     * @param url as for {@code spark-submit --master}
     * @return the master
     * @throws UserMistakeException when it is no master Spark knows
     */
    public static SparkMaster parse(String url) {
        String u = url.strip();
        if (LOCAL.matcher(u).matches()) {
            return new SparkMaster(u, Kind.LOCAL);
        }
        if (u.startsWith("spark://")) {
            return new SparkMaster(u, Kind.STANDALONE);
        }
        if (u.equals("yarn")) {
            return new SparkMaster(u, Kind.YARN);
        }
        if (u.startsWith("k8s://")) {
            return new SparkMaster(u, Kind.KUBERNETES);
        }
        throw new UserMistakeException("--master " + url + " is not a Spark master: give"
                + " local[N], spark://HOST:PORT, yarn or k8s://HOST:PORT, or leave it out to run"
                + " on this machine's cores.");
    }

    /**
     * Returns the URL.
     *
     * @return e.g. {@code local[2,4]}
     */
    public String url() {
        return url;
    }

    /**
     * Returns the kind.
     *
     * @return the kind of master
     */
    public Kind kind() {
        return kind;
    }

    /**
     * Returns whether Spark runs in this JVM.
     *
     * @return {@code true} for {@code local...}
     */
    public boolean isLocal() {
        return kind == Kind.LOCAL;
    }

    /**
     * Returns how many times a local master tries a task.
     *
     * @return F of {@code local[N,F]}, 1 for {@code local[N]}; 0 for a cluster, whose
     *     {@code spark.task.maxFailures} decides
     */
    public int localMaxFailures() {
        Matcher m = LOCAL.matcher(url);
        if (!m.matches()) {
            return 0;
        }
        return m.group(4) == null ? 1 : Integer.parseInt(m.group(4));
    }

    /**
     * Returns the cores a local master schedules on.
     *
     * @param machineCores this machine's cores, for {@code local[*]}
     * @return N of {@code local[N]}, 1 for {@code local}
     * @throws IllegalStateException for a cluster
     */
    public int localCores(int machineCores) {
        Matcher m = LOCAL.matcher(url);
        if (!m.matches()) {
            throw new IllegalStateException(url + " is not local");
        }
        String n = m.group(2);
        return n == null ? 1 : n.equals("*") ? machineCores : Integer.parseInt(n);
    }

    /**
     * Checks that a cluster can be reached, before Spark starts.
     *
     * @throws UserMistakeException when its master does not answer, or this class path
     *     cannot talk to its kind of cluster
     */
    public void checkReachable() {
        switch (kind) {
            case LOCAL -> { }
            case STANDALONE -> {
                List<String> problems = new ArrayList<>();
                for (String hostPort : url.substring("spark://".length()).split(",")) {
                    String problem = connect(hostPort, 7077);
                    if (problem == null) {
                        return;
                    }
                    problems.add(hostPort + " " + problem);
                }
                throw unreachable(String.join(", ", problems));
            }
            case KUBERNETES -> {
                requireClass("org.apache.spark.scheduler.cluster.k8s.KubernetesClusterManager",
                        "Kubernetes");
                String rest = url.substring("k8s://".length());
                URI api = URI.create(rest.contains("://") ? rest : "https://" + rest);
                int port = api.getPort() > 0 ? api.getPort()
                        : api.getScheme().equals("http") ? 80 : 443;
                String problem = connect(api.getHost() + ":" + port, port);
                if (problem != null) {
                    throw unreachable(api.getHost() + ":" + port + " " + problem);
                }
            }
            case YARN -> {
                requireClass("org.apache.spark.deploy.yarn.YarnClusterManager", "YARN");
                if (System.getenv("HADOOP_CONF_DIR") == null
                        && System.getenv("YARN_CONF_DIR") == null) {
                    throw new UserMistakeException("--master yarn finds the cluster through"
                            + " HADOOP_CONF_DIR or YARN_CONF_DIR, and neither is set: export"
                            + " HADOOP_CONF_DIR=/etc/hadoop/conf (the folder with yarn-site.xml)"
                            + " and rerun.");
                }
            }
            default -> throw new IllegalStateException(kind.toString());
        }
    }

    private UserMistakeException unreachable(String what) {
        return new UserMistakeException("--master " + url + " cannot be reached (" + what
                + "): check the host and port (a standalone master's web page shows its"
                + " spark:// URL), or leave --master out to run on this machine's cores.");
    }

    private void requireClass(String className, String name) {
        try {
            Class.forName(className, false, SparkMaster.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new UserMistakeException("--master " + url + " needs Spark's " + name
                    + " support, which is not on ltq's class path: submit the cluster jar with"
                    + " spark-submit --master " + url + " (README: Sweeps), or leave --master"
                    + " out to run on this machine's cores.");
        }
    }

    /** Returns null when something listens at host:port, else what went wrong. */
    private static String connect(String hostPort, int defaultPort) {
        String h = hostPort.strip();
        int colon = h.lastIndexOf(':');
        String host = colon > 0 ? h.substring(0, colon) : h;
        int port;
        try {
            port = colon > 0 ? Integer.parseInt(h.substring(colon + 1)) : defaultPort;
        } catch (NumberFormatException e) {
            return "has no port number";
        }
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), CONNECT_MILLIS);
            return null;
        } catch (IOException e) {
            String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return m.toLowerCase(Locale.ROOT).replaceAll("\\s*\\(.*\\)$", "");
        }
    }

    @Override
    public String toString() {
        return url;
    }
}
