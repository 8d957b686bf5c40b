package io.gwsload.simulator.sms;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.jsmpp.bean.AlertNotification;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DataCodings;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.session.BindParameter;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.MessageReceiverListener;
import org.jsmpp.session.SMPPSession;
import org.jsmpp.session.Session;

import io.gwsload.api.Media;
import io.gwsload.api.SmsText;
import io.gwsload.simulator.model.ContactCentre;
import io.gwsload.simulator.model.ContactOptions;
import io.gwsload.simulator.model.Interaction;
import io.gwsload.simulator.model.InteractionStatus;
import io.gwsload.simulator.model.LogEntry;
import io.gwsload.simulator.model.Visibility;
import io.gwsload.simulator.truth.Counter;

/**
 * A stand-in for Genesys SMS Server in session mode: it binds to an SMSC as an ESME (transceiver, as SMS Server's
 * {@code x-smpp-*} options configure it), turns a customer's {@code deliver_sm} into an SMS session routed to agents
 * (or a new message in the session that number already has), and sends what agents write in it back to that number as
 * {@code submit_sm}, from the number the customer texted. Its user data names both numbers ({@link #FROM_KEY},
 * {@link #TO_KEY}): what SMS Server attaches is not documented, so these keys are this stand-in's choice.
 */
public final class SmsServerStandIn implements AutoCloseable {
    /** User data key of the customer's number. */
    public static final String FROM_KEY = "SmsFromAddress";
    /** User data key of the number the customer texted. */
    public static final String TO_KEY = "SmsToAddress";

    /** One number's session in progress; {@code relayed} (guarded by the interaction's lock) the entries handled. */
    private static final class Conversation {
        final Interaction interaction;
        final String number;
        final String serviceNumber;
        int relayed;

        Conversation(Interaction interaction, String number, String serviceNumber) {
            this.interaction = interaction;
            this.number = number;
            this.serviceNumber = serviceNumber;
        }
    }

    /** How long an unbind waits for the SMSC's answer before the connection is closed anyway. */
    private static final long UNBIND_WAIT_MILLIS = 500;
    private final ContactCentre centre;
    /** Sends at once (TCP_NODELAY), as the SMSC does: Nagle's algorithm would add the peer's delayed ACK (40 ms). */
    private final SMPPSession session = new SMPPSession((host, port) -> {
        java.net.Socket socket = new java.net.Socket(host, port);
        socket.setTcpNoDelay(true);
        return new org.jsmpp.session.connection.socket.SocketConnection(socket);
    });
    private final ConcurrentHashMap<String, Conversation> byNumber = new ConcurrentHashMap<>();
    /** One thread: {@code submit_sm} waits for its response in jsmpp, and a session's answers keep their order. */
    private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "gws-sim-sms-server");
        t.setDaemon(true);
        return t;
    });

    private SmsServerStandIn(ContactCentre centre) {
        this.centre = centre;
    }

    /**
     * Binds to the SMSC at {@code host:port} as {@code systemId}; throws, in one sentence, when the SMSC cannot be
     * reached or refuses the bind.
     */
    public static SmsServerStandIn bind(ContactCentre centre, String host, int port, String systemId, String password)
            throws IOException {
        SmsServerStandIn s = new SmsServerStandIn(centre);
        s.session.setMessageReceiverListener(s.new Receiver());
        s.session.setTransactionTimer(TimeUnit.SECONDS.toMillis(10));
        s.session.setEnquireLinkTimer((int) TimeUnit.SECONDS.toMillis(30));
        try {
            s.session.connectAndBind(host, port, new BindParameter(BindType.BIND_TRX, systemId,
                    password == null ? "" : password, "", TypeOfNumber.UNKNOWN, NumberingPlanIndicator.UNKNOWN, null),
                    TimeUnit.SECONDS.toMillis(10));
        } catch (IOException e) {
            s.close();
            throw new IOException("The SMS Server stand-in could not bind to the SMSC at " + host + ":" + port + ": "
                    + e.getMessage(), e);
        }
        return s;
    }

    private final class Receiver implements MessageReceiverListener {
        @Override
        public void onAcceptDeliverSm(DeliverSm deliver) throws ProcessRequestException {
            if (deliver.isSmscDeliveryReceipt()) {
                return; // a receipt for an agent's message: nothing for the agents
            }
            received(deliver.getSourceAddr(), deliver.getDestAddress(), SmsText.decode(deliver));
        }

        @Override
        public void onAcceptAlertNotification(AlertNotification alert) {
            // not used by SMS Server
        }

        @Override
        public DataSmResult onAcceptDataSm(DataSm dataSm, Session source) throws ProcessRequestException {
            throw new ProcessRequestException("data_sm is not supported", org.jsmpp.SMPPConstant.STAT_ESME_RINVCMDID);
        }
    }

    /** A customer's text: a new message in the session its number has, else a new session (session by address). */
    private void received(String number, String serviceNumber, String text) {
        centre.truth().count(Counter.smsReceived);
        Conversation c = byNumber.get(number);
        if (c != null && centre.customers().say(c.interaction, "Text", "text", text)) {
            return;
        }
        Map<String, Object> userData = new LinkedHashMap<>();
        userData.put(FROM_KEY, number);
        userData.put(TO_KEY, serviceNumber);
        Interaction i = centre.customers().arriveFromOutside(Media.SMS,
                ContactOptions.defaults().withCustomerNickname(number).withUserData(userData), text);
        Conversation started = new Conversation(i, number, serviceNumber);
        byNumber.put(number, started);
        centre.truth().count(Counter.smsSessionsOpened);
        i.lock.lock();
        try {
            i.watcher = () -> relay(started);
            relay(started); // what an agent wrote before the watcher was set
        } finally {
            i.lock.unlock();
        }
    }

    /** Lock held. Sends the agents' new messages to the customer; a session that ended is forgotten. */
    private void relay(Conversation c) {
        Interaction i = c.interaction;
        List<LogEntry> out = null;
        for (int n = c.relayed; n < i.log.size(); n++) {
            LogEntry e = i.log.get(n);
            Map<String, Object> wire = e.wire();
            if (e.visibility() == Visibility.All && "Text".equals(wire.get("type"))
                    && wire.get("from") instanceof Map<?, ?> from && "Agent".equals(from.get("type"))) {
                if (out == null) {
                    out = new ArrayList<>(1);
                }
                out.add(e);
            }
        }
        c.relayed = i.log.size();
        if (out != null) {
            boolean audit = centre.knobs().audit();
            for (LogEntry e : out) {
                String text = String.valueOf(e.wire().get("text"));
                long nanos = e.nanos();
                sender.execute(() -> send(c, text, audit ? nanos : null));
            }
        }
        if (i.status == InteractionStatus.ENDED || !i.customerPresent) {
            i.watcher = null;
            byNumber.remove(c.number, c);
        }
    }

    private void send(Conversation c, String text, Long truthNanos) {
        try {
            OptionalParameter[] truth = truthNanos == null ? new OptionalParameter[0]
                    : new OptionalParameter[] {new OptionalParameter.OctetString(SmsText.TRUTH_TAG,
                            Long.toString(truthNanos))};
            session.submitShortMessage("", TypeOfNumber.UNKNOWN, NumberingPlanIndicator.UNKNOWN, c.serviceNumber,
                    TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, c.number, new ESMClass(), (byte) 0,
                    (byte) 0, null, null, new RegisteredDelivery(0), (byte) 0,
                    DataCodings.newInstance(SmsText.dataCoding(text)), (byte) 0, SmsText.encode(text), truth);
            centre.truth().count(Counter.smsSent);
        } catch (Exception e) {
            centre.truth().count(Counter.smsSendFailures);
        }
    }

    /** Unbinds and stops. */
    @Override
    public void close() {
        sender.shutdownNow();
        if (session.getSessionState().isBound()) {
            // The SMSC closes the connection once it has answered; when that end of stream reaches jsmpp before its
            // own processor has taken the unbind_resp, the answer is dropped and unbind waits its whole timer (10 s,
            // seen in SmscTest). An SMSC answers in milliseconds: wait a little, then close.
            session.setTransactionTimer(UNBIND_WAIT_MILLIS);
            session.unbindAndClose();
        } else {
            session.close();
        }
    }
}
