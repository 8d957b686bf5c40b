package io.gwsload.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The cookies a CometD server sets, sent back with the agent's own, each name once. */
class CometdCookiesTest {
    @Test
    void eachNameIsSentOnceTheCometdAnswersOneWinningAndAnExpiredOneIsDropped() {
        CometdCookies cookies = new CometdCookies();
        assertNull(cookies.header(null), "no cookie at all: no header");
        assertEquals("JSESSIONID=s1", cookies.header("JSESSIONID=s1"));
        cookies.take(Map.of("set-cookie", List.of("BAYEUX_BROWSER=b1; Path=/; HttpOnly", "AWSALB=new; Path=/")));
        assertEquals("BAYEUX_BROWSER=b1; AWSALB=new", cookies.header(null));
        assertEquals("JSESSIONID=s1; BAYEUX_BROWSER=b1; AWSALB=new", cookies.header("JSESSIONID=s1; AWSALB=old"),
                "a load balancer's cookie set on both kinds of answer is sent once");
        cookies.take(Map.of("Set-Cookie", List.of("AWSALB=; Max-Age=0; Path=/")));
        assertEquals("JSESSIONID=s1; AWSALB=old; BAYEUX_BROWSER=b1", cookies.header("JSESSIONID=s1; AWSALB=old"));
    }
}
