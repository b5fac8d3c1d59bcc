package io.signalbridge.embed;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The pages of the account view for Salesforce. The view's page itself holds no data and needs no sign-in (Salesforce
 * frames it on another site, where the console's SameSite session cookie is not sent); its script signs in through a
 * pop-up ({@code /embed-signin}, the console's single sign-on, top level) that hands it a short-lived token.
 */
@RestController
public class EmbedPageController {

    private static final Resource VIEW = new ClassPathResource("embed/account.html");
    private static final Resource SIGN_IN = new ClassPathResource("embed/signin.html");

    @GetMapping(path = "/embed/account/{accountId}", produces = MediaType.TEXT_HTML_VALUE)
    public ResponseEntity<Resource> accountView(@PathVariable String accountId) {
        return ResponseEntity.ok().contentType(MediaType.TEXT_HTML).body(VIEW);
    }

    /** Signed in (the console's sign-in), in the pop-up the view opens: makes the token and posts it to the view. */
    @GetMapping(path = "/embed-signin", produces = MediaType.TEXT_HTML_VALUE)
    public ResponseEntity<Resource> signIn() {
        return ResponseEntity.ok().contentType(MediaType.TEXT_HTML).body(SIGN_IN);
    }
}
