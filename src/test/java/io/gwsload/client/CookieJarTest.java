package io.gwsload.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Cookies kept as one Cookie header: the agent's REST ones, and each CometD client's own, each name sent once. */
class CookieJarTest {
    @Test
    void aCookieIsSetReplacedAndDroppedWhenItExpires() {
        CookieJar rest = new CookieJar();
        assertNull(rest.header());
        rest.take("JSESSIONID=s1; Path=/; HttpOnly");
        rest.take("AWSALB=old; Path=/");
        assertEquals("JSESSIONID=s1; AWSALB=old", rest.header());
        assertEquals("s1", rest.get("JSESSIONID"));
        rest.take("JSESSIONID=s2; Path=/");
        assertEquals("s2", rest.get("JSESSIONID"), "a new HTTP session replaces the old one");
        assertNull(rest.get("JSESSION"), "a name is matched whole");
        rest.take("AWSALB=; Max-Age=0; Path=/");
        assertEquals("JSESSIONID=s2", rest.header());
        rest.take("JSESSIONID=s2; Max-Age=0");
        assertNull(rest.header(), "no cookie left: no header");
    }

    @Test
    void eachNameIsSentOnceTheCometdAnswersOneWinning() {
        CookieJar rest = new CookieJar();
        CookieJar cometd = new CookieJar();
        assertNull(cometd.header(rest), "no cookie at all: no header");
        rest.take("JSESSIONID=s1");
        assertEquals("JSESSIONID=s1", cometd.header(rest));
        cometd.take(Map.of("set-cookie", List.of("BAYEUX_BROWSER=b1; Path=/; HttpOnly", "AWSALB=new; Path=/")));
        rest.take("AWSALB=old");
        assertEquals("JSESSIONID=s1; BAYEUX_BROWSER=b1; AWSALB=new", cometd.header(rest),
                "a load balancer's cookie set on both kinds of answer is sent once");
        cometd.take(Map.of("Set-Cookie", List.of("AWSALB=; Max-Age=0; Path=/")));
        assertEquals("JSESSIONID=s1; AWSALB=old; BAYEUX_BROWSER=b1", cometd.header(rest));
        // The merge is kept between requests: a cookie either side sets since is still sent.
        rest.take("JSESSIONID=s2");
        assertEquals("AWSALB=old; JSESSIONID=s2; BAYEUX_BROWSER=b1", cometd.header(rest), "a new REST session");
        cometd.take("BAYEUX_BROWSER=b2");
        assertEquals("AWSALB=old; JSESSIONID=s2; BAYEUX_BROWSER=b2", cometd.header(rest), "a new browser cookie");
    }
}
