package gwsload;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;
import static io.gwsload.gatling.GwsDsl.*;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Collectors;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gwsload.gatling.GwsProtocolBuilder;
import io.gwsload.gatling.Params;
import io.gwsload.simulator.GwsSimulator;
import io.gwsload.simulator.SimulatorConfig;

/**
 * A benchmark, not a test: is gws-load's POST path as fast as Gatling's own HTTP client? Two equal
 * populations on one simulator in one run post the same operations (Ready / NotReady, alternating) at
 * the same pace: one through gws-load (recorded as {@code Ready HTTP} / {@code NotReady HTTP}, plus the
 * notification time), one through Gatling's HTTP client (recorded as {@code Ready (Gatling HTTP)} /
 * {@code NotReady (Gatling HTTP)}). Compare the two in the report or the console.
 *
 * <p>Parameters: {@code -Dagents=50} per population, {@code -DopsPerSec=100} per population,
 * {@code -Dduration=30s}.
 */
public class PostPathBenchmarkSimulation extends Simulation {
    private final int agents = Params.integer("agents", 50, 1, 5_000);
    private final double opsPerSec = Params.decimal("opsPerSec", 100, 1, 10_000);
    private final Duration duration = Params.duration("duration", "30s");

    private final GwsSimulator simulator = GwsSimulator.start(SimulatorConfig.fromSystemProperties()
            .withAgents(2 * agents).withSupervisors(0));

    /** Each agent posts at this pace, so that the population as a whole makes opsPerSec. */
    private final Duration pace = Duration.ofNanos((long) (1e9 * agents / opsPerSec));

    private final GwsProtocolBuilder gwsProtocol = gws().baseUrl(simulator.baseUrl())
            .credentials(credentials("post-path-gws.csv", 0).toString()).channels(CHAT);

    private final HttpProtocolBuilder httpProtocol = http.baseUrl(simulator.baseUrl())
            .acceptHeader("application/json").contentTypeHeader("application/json").shareConnections();

    private final ScenarioBuilder viaGwsLoad = scenario("gws-load")
            .exec(gws("Login").login())
            .exitHereIfFailed()
            .during(duration).on(pace(pace).exec(gws("Ready").ready(CHAT)), pace(pace).exec(gws("NotReady").notReady(CHAT)));

    private final ScenarioBuilder viaGatlingHttp = scenario("Gatling HTTP")
            .feed(csv(credentials("post-path-gatling.csv", agents).toString()).queue())
            .exec(http("GET /me (Gatling HTTP)").get("/api/v2/me").basicAuth("#{username}", "#{password}")
                    .check(header("X-CSRF-TOKEN").saveAs("csrf")))
            .exec(post("StartContactCenterSession (Gatling HTTP)", "/api/v2/me",
                    "{\"operationName\":\"StartContactCenterSession\",\"channels\":[\"chat\"]}"))
            .exitHereIfFailed()
            .during(duration).on(
                    pace(pace).exec(post("Ready (Gatling HTTP)", "/api/v2/me/channels/chat", "{\"operationName\":\"Ready\"}")),
                    pace(pace).exec(post("NotReady (Gatling HTTP)", "/api/v2/me/channels/chat",
                            "{\"operationName\":\"NotReady\"}")));

    {
        setUp(viaGwsLoad.injectOpen(rampUsers(agents).during(Duration.ofSeconds(2))).protocols(gwsProtocol),
                viaGatlingHttp.injectOpen(rampUsers(agents).during(Duration.ofSeconds(2))).protocols(httpProtocol))
                // Always true: they make Gatling print both clients' figures side by side, measured alike.
                .assertions(global().failedRequests().count().is(0L),
                        details("Ready HTTP").responseTime().mean().gte(0),
                        details("Ready (Gatling HTTP)").responseTime().mean().gte(0),
                        details("Ready HTTP").responseTime().percentile(50.0).gte(0),
                        details("Ready (Gatling HTTP)").responseTime().percentile(50.0).gte(0),
                        details("Ready HTTP").responseTime().percentile(99.0).gte(0),
                        details("Ready (Gatling HTTP)").responseTime().percentile(99.0).gte(0),
                        details("Ready HTTP").requestsPerSec().gte(0.0),
                        details("Ready (Gatling HTTP)").requestsPerSec().gte(0.0));
    }

    @Override
    public void after() {
        simulator.close();
    }

    private static io.gatling.javaapi.http.HttpRequestActionBuilder post(String name, String path, String body) {
        return http(name).post(path).basicAuth("#{username}", "#{password}").header("X-CSRF-TOKEN", "#{csrf}")
                .body(StringBody(body)).check(jsonPath("$.statusCode").is("0"));
    }

    /** Half of the simulator's agents for each population, so that none is logged in twice. */
    private Path credentials(String file, int skip) {
        Path path = Path.of("target", file);
        String lines = simulator.users().stream().filter(u -> !u.isSupervisor()).skip(skip).limit(agents)
                .map(u -> u.username() + "," + u.password()).collect(Collectors.joining("\n"));
        try {
            Files.createDirectories(path.getParent());
            Files.writeString(path, "username,password\n" + lines + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return path;
    }
}
