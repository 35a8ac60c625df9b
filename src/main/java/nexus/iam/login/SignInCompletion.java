package nexus.iam.login;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Service;

import nexus.iam.identity.ExternalIdentity;
import nexus.iam.identity.IdentityService;
import nexus.iam.login.SignInContext.LinkIntent;
import nexus.iam.login.SignInOutcome.Linked;
import nexus.iam.login.SignInOutcome.MergeOffered;
import nexus.iam.login.SignInOutcome.SignedIn;
import nexus.iam.problem.ErrorCode;
import nexus.iam.problem.ProblemException;
import nexus.iam.session.ClientContext;
import nexus.iam.session.SessionOrigin;
import nexus.iam.session.SessionService;

/**
 * The one way to finish a sign-in, whatever method verified the identity (an OIDC provider, Sign
 * in with Apple, the development provider, a passkey). A method proves who the person is
 * and hands the identity here; this decides what follows: a link to the user who asked for it, the
 * merge flow when a new identity's verified address belongs to an existing account, or a new
 * session (the user created on first sign-in, audited, the new-device e-mail) that also honours a
 * pending link. No HTTP here: {@link SignInResponses} turns an outcome into cookies and a redirect.
 */
@Service
public class SignInCompletion {

	private final IdentityService identities;

	private final SignInService signIn;

	private final SignInTurns turns;

	private final AccountLinking linking;

	private final SessionService sessions;

	SignInCompletion(IdentityService identities, SignInService signIn, SignInTurns turns, AccountLinking linking,
			SessionService sessions) {
		this.identities = identities;
		this.signIn = signIn;
		this.turns = turns;
		this.linking = linking;
		this.sessions = sessions;
	}

	/**
	 * Completes a sign-in (or a link) for an identity the caller has verified.
	 *
	 * @throws ProblemException {@code link_not_allowed} when a link finishes outside the session
	 * that started it; {@code identity_already_linked} when the identity to link belongs to someone
	 * else; and what signing in refuses (e.g. a blocked user)
	 */
	public SignInOutcome complete(ExternalIdentity identity, SignInContext context) {
		ClientContext client = context.origin().client();
		if (context.link() != null) {
			LinkIntent link = context.link();
			if (!sameSession(link)) {
				throw new ProblemException(ErrorCode.LINK_NOT_ALLOWED);
			}
			this.linking.link(link.userId(), identity, client);
			return new Linked(link.userId(), identity);
		}
		Optional<UUID> existingAccount = this.identities.accountToLinkInto(identity);
		if (existingAccount.isPresent()) {
			this.linking.offered(existingAccount.get(), identity, client);
			return new MergeOffered(new PendingLink(existingAccount.get(), identity));
		}
		SignedIn signedIn = this.turns.inTurn(identity, () -> this.signIn.signIn(identity, context.origin()));
		PendingLink pending = context.pendingLink();
		if (pending != null && pending.accountId().equals(signedIn.userId())) {
			try {
				this.linking.link(signedIn.userId(), pending.identity(), client);
			}
			catch (ProblemException ex) {
				// linked to someone else meanwhile: the sign-in itself stands, the refusal is audited
			}
		}
		return signedIn;
	}

	/**
	 * Completes a sign-in by a method that proves a known user directly, with no external identity
	 * to look up, link or merge (a passkey): a new session, audited ({@code sign_in} with the
	 * method as {@code provider} and the given details), the new-device e-mail, the count.
	 *
	 * @param amr how the user signed in (RFC 8176 values), carried by the session's tokens
	 */
	public SignedIn completeVerifiedUser(UUID userId, String method, List<String> amr, Map<String, String> details,
			SessionOrigin origin) {
		return this.signIn.signInVerifiedUser(userId, method, amr, details, origin);
	}

	/** A sign-in that failed before an identity was verified: audited and counted, per method. */
	public void failed(String method, ErrorCode reason, ClientContext client) {
		this.signIn.recordFailure(method, reason, client);
	}

	private boolean sameSession(LinkIntent link) {
		if (link.caller() != null) {
			return link.caller().userId().equals(link.userId()) && link.caller().sessionId().equals(link.sessionId());
		}
		return link.crossSitePost() && this.sessions.isLive(link.userId(), link.sessionId());
	}
}
