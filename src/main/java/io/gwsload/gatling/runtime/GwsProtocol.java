package io.gwsload.gatling.runtime;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.gatling.core.CoreComponents;
import io.gatling.core.config.GatlingConfiguration;
import io.gatling.core.protocol.Protocol;
import io.gatling.core.protocol.ProtocolKey;

/**
 * The Gatling protocol: the run's {@link GwsConfig} and the name of its results folder. Gatling asks
 * {@link #KEY} for the components once per protocol; they are started then (before load) and stopped
 * when Gatling shuts down, after the last virtual user.
 */
public final class GwsProtocol implements Protocol {
    final GwsConfig config;
    final String runName;

    public GwsProtocol(GwsConfig config, String runName) {
        this.config = config;
        this.runName = runName;
    }

    public static final ProtocolKey<GwsProtocol, GwsComponents> KEY = new ProtocolKey<>() {
        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public Class<Protocol> protocolClass() {
            return (Class) GwsProtocol.class;
        }

        @Override
        public GwsProtocol defaultProtocolValue(GatlingConfiguration configuration) {
            // Scenarios using gws-load actions without .protocols(...): the embedded simulator, -Dgws.* parameters.
            return new GwsProtocol(GwsConfig.fromSystemProperties(), SimulationName.current());
        }

        @Override
        public scala.Function1<GwsProtocol, GwsComponents> newComponents(CoreComponents core) {
            Map<GwsProtocol, GwsComponents> started = new ConcurrentHashMap<>();
            return protocol -> started.computeIfAbsent(protocol, p -> GwsComponents.start(p, core));
        }
    };
}
