package newsidx.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.opensearch.analysis.common.CommonAnalysisPlugin;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.plugins.Plugin;
import org.opensearch.transport.Netty4Plugin;

/**
 * One OpenSearch node in this JVM, from the jars on Maven Central: the
 * server ({@code org.opensearch:opensearch}) with two of the modules a
 * distribution ships, given here as class-path plugins: transport-netty4
 * (HTTP and node-to-node transport) and analysis-common (stemmers,
 * possessive, pattern tokenizer, ASCII folding...).
 *
 * <p>Settings come as {@code -Ekey=value} arguments, as with the
 * distribution's {@code bin/opensearch}. Defaults make a lone node on
 * loopback; {@code cluster/start.sh} passes what a 2-node cluster needs.
 *
 * <p>No security manager is installed (the distribution's bootstrap does
 * that; {@link Node} alone does not), and no bootstrap checks run: the node
 * binds to loopback, where OpenSearch treats them as warnings anyway.
 */
public final class NodeMain {

    /** {@link Node}'s constructor that takes class-path plugins is protected. */
    static final class PluginNode extends Node {
        PluginNode(Environment environment, Collection<Class<? extends Plugin>> plugins) {
            super(environment, plugins, true);
        }
    }

    public static void main(String[] args) throws Exception {
        Settings.Builder given = Settings.builder();
        for (String arg : args) {
            if (!arg.startsWith("-E") || !arg.contains("=")) {
                System.err.println("usage: NodeMain [-Ekey=value]...   (got " + arg + ")");
                System.exit(64);
            }
            String kv = arg.substring(2);
            int eq = kv.indexOf('=');
            given.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        Settings defaults = Settings.builder()
            .put("cluster.name", "newsidx-test")
            .put("node.name", "node-1")
            .put("path.home", "target/node-1")
            .put("network.host", "127.0.0.1")
            .put("http.port", "9201")
            .put("transport.port", "9301")
            // A test cluster on a small, shared disk: never refuse to
            // allocate a replica because the disk is 90 % full.
            .put("cluster.routing.allocation.disk.threshold_enabled", "false")
            .build();
        Settings settings = Settings.builder().put(defaults).put(given.build()).build();
        if (!settings.hasValue("discovery.seed_hosts") && !settings.hasValue("discovery.type")) {
            settings = Settings.builder().put(settings).put("discovery.type", "single-node").build();
        }

        Path home = Paths.get(settings.get("path.home")).toAbsolutePath();
        // The plugins service reads these folders; empty, they add nothing.
        Files.createDirectories(home.resolve("config"));
        Files.createDirectories(home.resolve("modules"));
        Files.createDirectories(home.resolve("plugins"));
        settings = Settings.builder().put(settings).put("path.home", home.toString()).build();
        String name = settings.get("node.name");
        Environment environment = InternalSettingsPreparer.prepareEnvironment(
            settings, Collections.emptyMap(), home.resolve("config"), () -> name);

        List<Class<? extends Plugin>> plugins = List.of(Netty4Plugin.class, CommonAnalysisPlugin.class);
        Node node = new PluginNode(environment, plugins);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
                node.awaitClose(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                e.printStackTrace();
            } finally {
                stopped.countDown();
            }
        }, "newsidx-node-shutdown"));
        long t0 = System.nanoTime();
        node.start();
        System.out.printf("newsidx-cluster: node %s started in %.1f s (http %s, transport %s)%n",
            name, (System.nanoTime() - t0) / 1e9, settings.get("http.port"), settings.get("transport.port"));
        System.out.flush();
        stopped.await();
    }

    private NodeMain() {}
}
