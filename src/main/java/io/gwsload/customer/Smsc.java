package io.gwsload.customer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.jsmpp.SMPPConstant;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.BroadcastSm;
import org.jsmpp.bean.CancelBroadcastSm;
import org.jsmpp.bean.CancelSm;
import org.jsmpp.bean.DataCodings;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.QueryBroadcastSm;
import org.jsmpp.bean.QuerySm;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.ReplaceSm;
import org.jsmpp.bean.SubmitMulti;
import org.jsmpp.bean.SubmitSm;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.extra.SessionState;
import org.jsmpp.session.BindRequest;
import org.jsmpp.session.BroadcastSmResult;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.QueryBroadcastSmResult;
import org.jsmpp.session.QuerySmResult;
import org.jsmpp.session.SMPPServerSession;
import org.jsmpp.session.SMPPServerSessionListener;
import org.jsmpp.session.ServerMessageReceiverListener;
import org.jsmpp.session.Session;
import org.jsmpp.session.SubmitMultiResult;
import org.jsmpp.session.SubmitSmResult;
import org.jsmpp.session.connection.ServerConnection;
import org.jsmpp.session.connection.ServerConnectionFactory;
import org.jsmpp.session.connection.socket.ServerSocketConnection;
import org.jsmpp.util.MessageId;

import io.gwsload.api.SmsText;

/**
 * The harness's SMSC (SMPP v3.4, over jsmpp): Genesys SMS Server binds to it as an ESME, the way it binds to a mobile
 * operator's. A customer's text goes to SMS Server as a mobile-originated {@code deliver_sm}; what agents answer comes
 * back as {@code submit_sm}, handed to {@link MobileTerminated} with the time it arrived. Binds are checked against the
 * configured {@code system_id} (and password, if one is set). {@code deliver_sm} waits for its response in jsmpp, so
 * it runs on this SMSC's own threads and never on Gatling's.
 */
public final class Smsc implements AutoCloseable {
    /** A message an agent sent to a mobile: to, from, text, when it arrived, and the simulator's truth or NONE. */
    @FunctionalInterface
    public interface MobileTerminated {
        void received(String to, String from, String text, long nanos, long truthNanos);
    }

    /** A {@code deliver_sm} answered: when it was sent and when its response came. */
    public record Delivered(long startNanos, long endNanos) {
    }

    /** A {@code deliver_sm} that did not reach SMS Server, in one sentence. */
    public static final class NotDelivered extends RuntimeException {
        public NotDelivered(String sentence) {
            super(sentence, null, false, false);
        }
    }

    private final SmsSettings settings;
    private final MobileTerminated mobileTerminated;
    private final SMPPServerSessionListener listener;
    private final int port;
    private final Thread acceptor;
    private final ExecutorService workers;
    private final ExecutorService binders;
    /** How long an unbind waits for its answer before the connection is closed anyway. */
    private static final long UNBIND_WAIT_MILLIS = 500;
    /** {@code deliver_sm} in flight at most. */
    private static final int IN_FLIGHT = 32;
    private final List<SMPPServerSession> receivers = new CopyOnWriteArrayList<>();
    /** Refused binds whose ESME has not closed the connection yet: closed at the end. */
    private final List<SMPPServerSession> refused = new CopyOnWriteArrayList<>();
    /** Every accepted bind, receiving or not: unbound at the end. */
    private final List<SMPPServerSession> sessions = new CopyOnWriteArrayList<>();
    private final AtomicInteger nextReceiver = new AtomicInteger();
    private final CompletableFuture<Void> firstBind = new CompletableFuture<>();
    private final CompletableFuture<Void> firstBindLost = new CompletableFuture<>();
    private final AtomicLong messageIds = new AtomicLong();
    private volatile boolean closing;
    private volatile String lastRefusal;
    final AtomicLong delivered = new AtomicLong();
    final AtomicLong deliverFailures = new AtomicLong();
    final AtomicLong submits = new AtomicLong();
    final AtomicLong binds = new AtomicLong();
    final AtomicLong bindsRefused = new AtomicLong();
    final AtomicLong bindsLost = new AtomicLong();

    private Smsc(SmsSettings settings, MobileTerminated mobileTerminated) throws IOException {
        this.settings = settings;
        this.mobileTerminated = mobileTerminated;
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(settings.port()));
        this.port = socket.getLocalPort();
        // jsmpp's own factory keeps no handle on the socket: this one hands it the one bound above (port 0 allowed).
        // Each accepted socket sends at once (TCP_NODELAY): with Nagle's algorithm a deliver_sm_resp or submit_sm_resp
        // waited for the peer's delayed ACK, 40 ms on Linux, in every SMS timing.
        ServerConnection connection = new ServerSocketConnection(socket) {
            @Override
            public org.jsmpp.session.connection.Connection accept() throws IOException {
                java.net.Socket accepted = socket.accept();
                accepted.setTcpNoDelay(true);
                return new org.jsmpp.session.connection.socket.SocketConnection(accepted);
            }
        };
        ServerConnectionFactory factory = new ServerConnectionFactory() {
            @Override
            public ServerConnection listen(int p) {
                return connection;
            }

            @Override
            public ServerConnection listen(int p, int timeout) throws IOException {
                socket.setSoTimeout(timeout);
                return connection;
            }

            @Override
            public ServerConnection listen(int p, int timeout, int backlog) throws IOException {
                return listen(p, timeout);
            }
        };
        this.listener = new SMPPServerSessionListener(port, factory);
        this.listener.setTimeout(0);
        // deliver_sm waits for its response in jsmpp: this many can be in flight at once (SMS Server's own window is
        // 10 by default); binds have threads of their own, so that a slow ESME never holds a text back.
        this.workers = Executors.newFixedThreadPool(IN_FLIGHT, r -> {
            Thread t = new Thread(r, "gws-smsc");
            t.setDaemon(true);
            return t;
        });
        this.binders = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "gws-smsc-bind");
            t.setDaemon(true);
            return t;
        });
        this.acceptor = new Thread(this::acceptLoop, "gws-smsc-accept");
        this.acceptor.setDaemon(true);
    }

    /** Listens on {@link SmsSettings#port()}; an SMS Server may bind from now on. */
    public static Smsc start(SmsSettings settings, MobileTerminated mobileTerminated) throws IOException {
        Smsc smsc = new Smsc(settings, mobileTerminated);
        smsc.acceptor.start();
        return smsc;
    }

    /** The port it listens on. */
    public int port() {
        return port;
    }

    /** Completes once an SMS Server has bound to receive messages (transceiver or receiver). */
    public CompletableFuture<Void> firstBind() {
        return firstBind;
    }

    /**
     * Completes once a bound SMS Server has gone (unbound, or its connection lost) while the SMSC runs. jsmpp answers
     * an unbind before it marks the session unbound, so an SMS Server's unbind can return before the SMSC counts it.
     */
    public CompletableFuture<Void> firstBindLost() {
        return firstBindLost;
    }

    /** Why the last bind was refused, or null. */
    public String lastRefusal() {
        return lastRefusal;
    }

    /** SMS Server sessions bound to receive customers' messages now. */
    public int boundReceivers() {
        return receivers.size();
    }

    private void acceptLoop() {
        while (!closing) {
            try {
                SMPPServerSession session = listener.accept();
                binders.execute(() -> bind(session));
            } catch (IOException e) {
                if (!closing) {
                    lastRefusal = "the SMSC stopped accepting connections: " + io.gwsload.client.Failures.describe(e);
                }
                return;
            }
        }
    }

    private void bind(SMPPServerSession session) {
        try {
            BindRequest request = session.waitForBind(settings.requestTimeout().toMillis());
            String refusal = null;
            int status = 0;
            if (!settings.systemId().equals(request.getSystemId())) {
                refusal = "an ESME bound with system_id '" + request.getSystemId() + "', not '" + settings.systemId()
                        + "' (-Dgws.smsc.systemId)";
                status = SMPPConstant.STAT_ESME_RINVSYSID;
            } else if (settings.password() != null && !settings.password().equals(request.getPassword())) {
                refusal = "an ESME bound as '" + request.getSystemId() + "' with a wrong password";
                status = SMPPConstant.STAT_ESME_RINVPASWD;
            }
            if (refusal != null) {
                lastRefusal = refusal;
                bindsRefused.incrementAndGet();
                // Left for the ESME to close: closed at once, the ESME's reader met the end of the stream before its
                // PDU processor had handled the refusal, and its bind waited out its own timeout instead (jsmpp).
                refused.add(session);
                session.addSessionStateListener((now, before, s) -> {
                    if (now == SessionState.CLOSED) {
                        refused.remove(session);
                    }
                });
                request.reject(status);
                return;
            }
            session.setMessageReceiverListener(new Receiver());
            session.setTransactionTimer(settings.requestTimeout().toMillis());
            sessions.add(session);
            if (request.getBindType() != BindType.BIND_TX) {
                receivers.add(session);
            }
            session.addSessionStateListener((now, before, s) -> {
                if (!now.isBound() && sessions.remove(session)) {
                    receivers.remove(session);
                    if (!closing) {
                        bindsLost.incrementAndGet();
                        firstBindLost.complete(null);
                    }
                }
            });
            request.accept(settings.systemId());
            binds.incrementAndGet();
            if (request.getBindType() != BindType.BIND_TX) {
                firstBind.complete(null);
            }
        } catch (Exception e) {
            if (!closing) {
                lastRefusal = "a bind did not complete: " + io.gwsload.client.Failures.describe(e);
            }
            sessions.remove(session); // never bound: not a bind lost
            receivers.remove(session);
            session.close();
        }
    }

    /**
     * Sends a customer's text to SMS Server as a mobile-originated {@code deliver_sm}: from the customer's
     * {@code number} to the service number. Completes when SMS Server answered {@code deliver_sm_resp}; fails with
     * {@link NotDelivered} when no SMS Server is bound, it refused the message, or it did not answer in time.
     */
    public CompletableFuture<Delivered> deliver(String number, String text) {
        CompletableFuture<Delivered> result = new CompletableFuture<>();
        byte[] octets;
        try {
            octets = SmsText.encode(text);
        } catch (IllegalArgumentException e) {
            deliverFailures.incrementAndGet();
            result.completeExceptionally(new NotDelivered(e.getMessage()));
            return result;
        }
        // Timed from here: a text that waits for a free sender has been sent, as far as the customer knows.
        long start = System.nanoTime();
        SMPPServerSession session = receiver();
        if (session == null) {
            deliverFailures.incrementAndGet();
            result.completeExceptionally(new NotDelivered("No SMS Server is bound to the SMSC on port " + port
                    + (lastRefusal != null ? " (" + lastRefusal + ")" : "") + "."));
            return result;
        }
        byte coding = SmsText.dataCoding(text);
        try {
            workers.execute(() -> {
                try {
                    session.deliverShortMessage("", TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, number,
                            TypeOfNumber.UNKNOWN, NumberingPlanIndicator.UNKNOWN, settings.serviceNumber(),
                            new ESMClass(), (byte) 0, (byte) 0, new RegisteredDelivery(0),
                            DataCodings.newInstance(coding), octets);
                    delivered.incrementAndGet();
                    result.complete(new Delivered(start, System.nanoTime()));
                } catch (org.jsmpp.extra.NegativeResponseException e) {
                    deliverFailures.incrementAndGet();
                    result.completeExceptionally(new NotDelivered("SMS Server refused the message (deliver_sm_resp "
                            + "command_status " + e.getCommandStatus() + ")."));
                } catch (org.jsmpp.extra.ResponseTimeoutException e) {
                    deliverFailures.incrementAndGet();
                    // Once the SMSC closes, its unbind shortens the session's timer: no longer the configured wait.
                    result.completeExceptionally(new NotDelivered(closing
                            ? "The SMSC closed before SMS Server answered the message."
                            : "SMS Server did not answer the message within " + settings.requestTimeout().toMillis()
                                    + " ms."));
                } catch (Exception e) {
                    deliverFailures.incrementAndGet();
                    result.completeExceptionally(new NotDelivered("The message could not be sent to SMS Server: "
                            + io.gwsload.client.Failures.describe(e) + "."));
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            deliverFailures.incrementAndGet();
            result.completeExceptionally(new NotDelivered("The SMSC is closed."));
        }
        return result;
    }

    /** A bound receiving session, in turn (several SMS Servers may share the customers). */
    private SMPPServerSession receiver() {
        for (int tries = receivers.size(); tries > 0; tries--) {
            List<SMPPServerSession> now = receivers;
            if (now.isEmpty()) {
                return null;
            }
            SMPPServerSession s = now.get(Math.floorMod(nextReceiver.getAndIncrement(), now.size()));
            if (s.getSessionState() == SessionState.BOUND_TRX || s.getSessionState() == SessionState.BOUND_RX) {
                return s;
            }
        }
        return null;
    }

    /** What SMS Server sends: agents' answers ({@code submit_sm}); the rest is refused as not supported here. */
    private final class Receiver implements ServerMessageReceiverListener {
        @Override
        public SubmitSmResult onAcceptSubmitSm(SubmitSm submit, SMPPServerSession source)
                throws ProcessRequestException {
            long now = System.nanoTime();
            submits.incrementAndGet();
            long truth = CustomerChat.NONE;
            if (settings.sameClock() && submit.getOptionalParameter(SmsText.TRUTH_TAG) instanceof
                    OptionalParameter.OctetString stamp) {
                try {
                    truth = Long.parseLong(stamp.getValueAsString().trim());
                } catch (NumberFormatException e) {
                    // no truth: the figure stands on the harness's own timing
                }
            }
            mobileTerminated.received(submit.getDestAddress(), submit.getSourceAddr(),
                    SmsText.decode(submit), now, truth);
            try {
                return new SubmitSmResult(new MessageId(Long.toHexString(messageIds.incrementAndGet())),
                        new OptionalParameter[0]);
            } catch (org.jsmpp.PDUStringException e) {
                throw new ProcessRequestException("no message id", SMPPConstant.STAT_ESME_RSYSERR, e);
            }
        }

        @Override
        public SubmitMultiResult onAcceptSubmitMulti(SubmitMulti m, SMPPServerSession s)
                throws ProcessRequestException {
            throw notSupported();
        }

        @Override
        public QuerySmResult onAcceptQuerySm(QuerySm q, SMPPServerSession s) throws ProcessRequestException {
            throw notSupported();
        }

        @Override
        public void onAcceptReplaceSm(ReplaceSm r, SMPPServerSession s) throws ProcessRequestException {
            throw notSupported();
        }

        @Override
        public void onAcceptCancelSm(CancelSm c, SMPPServerSession s) throws ProcessRequestException {
            throw notSupported();
        }

        @Override
        public BroadcastSmResult onAcceptBroadcastSm(BroadcastSm b, SMPPServerSession s)
                throws ProcessRequestException {
            throw notSupported();
        }

        @Override
        public void onAcceptCancelBroadcastSm(CancelBroadcastSm c, SMPPServerSession s)
                throws ProcessRequestException {
            throw notSupported();
        }

        @Override
        public QueryBroadcastSmResult onAcceptQueryBroadcastSm(QueryBroadcastSm q, SMPPServerSession s)
                throws ProcessRequestException {
            throw notSupported();
        }

        @Override
        public DataSmResult onAcceptDataSm(DataSm d, Session s) throws ProcessRequestException {
            throw notSupported();
        }

        private ProcessRequestException notSupported() {
            return new ProcessRequestException("not supported by gws-load's SMSC", SMPPConstant.STAT_ESME_RINVCMDID);
        }
    }

    /** The SMSC's own figures for the run's summary. */
    public java.util.Map<String, Object> books() {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("smscPort", port);
        m.put("binds", binds.get());
        m.put("bindsRefused", bindsRefused.get());
        m.put("bindsLost", bindsLost.get());
        m.put("delivered", delivered.get());
        m.put("deliverFailures", deliverFailures.get());
        m.put("submitted", submits.get());
        return m;
    }

    /** Unbinds every SMS Server and stops listening. */
    @Override
    public void close() {
        closing = true;
        try {
            listener.close();
        } catch (IOException e) {
            // closing anyway
        }
        for (SMPPServerSession s : sessions) {
            // The peer closes the connection once it has answered; when that end of stream reaches jsmpp before its
            // own processor has taken the unbind_resp, the answer is dropped and unbind waits its whole timer (10 s
            // seen in SmscTest). A peer answers an unbind at once; at worst the connection closes without its answer.
            s.setTransactionTimer(UNBIND_WAIT_MILLIS);
            s.unbindAndClose();
        }
        sessions.clear();
        receivers.clear();
        for (SMPPServerSession s : refused) {
            s.close();
        }
        workers.shutdownNow();
        binders.shutdownNow();
        try {
            acceptor.join(TimeUnit.SECONDS.toMillis(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
