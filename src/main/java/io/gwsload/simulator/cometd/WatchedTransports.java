package io.gwsload.simulator.cometd;

import java.util.List;

import org.cometd.bayeux.server.ServerMessage;
import org.cometd.server.BayeuxServerImpl;
import org.cometd.server.http.JSONHttpTransport;
import org.cometd.server.http.TransportContext;
import org.cometd.server.websocket.common.AbstractWebSocketEndPoint;
import org.cometd.server.websocket.jetty.JettyWebSocketTransport;

/** CometD's server transports, telling the {@link DeliveryWatch} what they have written. */
public final class WatchedTransports {
    private WatchedTransports() {
    }

    /** Long-polling. */
    public static final class Http extends JSONHttpTransport {
        private final DeliveryWatch watch;

        public Http(BayeuxServerImpl bayeux, DeliveryWatch watch) {
            super(bayeux);
            this.watch = watch;
        }

        /**
         * Messages taken from the session's queue, about to be written in a response. Marked here,
         * not when the write completes: the client's next /meta/connect can overtake that callback.
         */
        @Override
        protected void write(TransportContext context, List<ServerMessage> messages) {
            watch.written(context.session(), messages, true);
            super.write(context, messages);
        }
    }

    /** WebSocket on Jetty's native API. */
    public static final class WebSocket extends JettyWebSocketTransport {
        private final DeliveryWatch watch;

        public WebSocket(BayeuxServerImpl bayeux, DeliveryWatch watch) {
            super(bayeux);
            this.watch = watch;
        }

        @Override
        protected void writeComplete(AbstractWebSocketEndPoint.Context context, List<ServerMessage> messages) {
            super.writeComplete(context, messages);
            watch.written(null, messages, false);
        }
    }
}
