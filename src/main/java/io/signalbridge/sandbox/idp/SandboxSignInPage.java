package io.signalbridge.sandbox.idp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.HtmlUtils;

/** The sandbox provider's sign-in form (GET {@code /sandbox/okta/login}), listing the demo users and their groups. */
final class SandboxSignInPage extends OncePerRequestFilter {

    private final String path;
    private final SandboxIdentityProviderProperties properties;

    SandboxSignInPage(String path, SandboxIdentityProviderProperties properties) {
        this.path = path;
        this.properties = properties;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"GET".equals(request.getMethod()) || !path.equals(request.getRequestURI().substring(request.getContextPath().length()));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        CsrfToken csrf = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
        var users = new StringBuilder();
        properties.users().forEach(user -> users.append("<tr><td>").append(HtmlUtils.htmlEscape(user.name())).append("</td><td>")
                .append(HtmlUtils.htmlEscape(String.join(", ", user.groups()))).append("</td></tr>"));
        String error = request.getParameter("error") != null ? "<p id=\"error\" role=\"alert\">Wrong user name or password.</p>" : "";
        String page = """
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>Sandbox sign-in</title>
                <style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto}label{display:block;margin:.6rem 0}
                input{width:100%%;padding:.3rem}button{margin-top:.8rem;padding:.4rem 1.2rem}#error{color:#b3261e}
                table{margin-top:2rem;border-collapse:collapse}td,th{padding:.2rem .8rem;text-align:left;border-bottom:1px solid #ddd}</style>
                </head><body>
                <h1>Sandbox identity provider</h1>
                <p>Sign in to signalbridge as a demo user (password <code>sandbox</code>). In production this is your Okta.</p>
                %s
                <form method="post" action="%s">
                <label>User name <input id="username" name="username" autocomplete="username" autofocus required></label>
                <label>Password <input id="password" name="password" type="password" autocomplete="current-password" required></label>
                <input type="hidden" name="%s" value="%s">
                <button id="sign-in" type="submit">Sign in</button>
                </form>
                <table><thead><tr><th>user</th><th>groups</th></tr></thead><tbody>%s</tbody></table>
                </body></html>
                """.formatted(error, request.getContextPath() + path, csrf == null ? "_csrf" : csrf.getParameterName(),
                csrf == null ? "" : HtmlUtils.htmlEscape(csrf.getToken()), users);
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.getOutputStream().write(page.getBytes(StandardCharsets.UTF_8));
    }
}
