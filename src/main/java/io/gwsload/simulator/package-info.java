/**
 * The embedded GWS simulator: a real Jetty + CometD server that behaves like Genesys Web Services v2
 * for chat and SMS sessions (docs/gws-api.md), with fault knobs and ground-truth timings.
 *
 * <ul>
 * <li>Embedded: {@link io.gwsload.simulator.GwsSimulator#start(SimulatorConfig)} (its javadoc lists
 * every behaviour the reference leaves open).</li>
 * <li>Standalone: {@code mvn -q compile exec:java@simulator -Dexec.args="--port 8090 --agents 1000"}
 * ({@link io.gwsload.simulator.SimulatorMain}).</li>
 * <li>Settings: {@link io.gwsload.simulator.SimulatorConfig}; run-time knobs:
 * {@link io.gwsload.simulator.Knobs} ({@code -Dgws.sim.<knob>=value}, a properties file, or
 * {@code POST /sim/config}).</li>
 * <li>Control endpoint {@code /sim/*}: {@code ControlServlet}; ground truth:
 * {@link io.gwsload.simulator.truth.SimulatorStats}.</li>
 * </ul>
 *
 * <p>This package uses only {@code io.gwsload.api} from the project.
 */
package io.gwsload.simulator;

import io.gwsload.simulator.http.ControlServlet;
