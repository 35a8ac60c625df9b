package nexus.iam.account;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

import nexus.iam.audit.AuditLog;
import nexus.iam.identity.IdentityService;
import nexus.iam.identity.UserProfile;
import nexus.iam.login.SignInMethods;
import nexus.iam.login.SignInProviders;
import nexus.iam.mfa.MfaService;
import nexus.iam.page.PageViewers;
import nexus.iam.session.SessionApplications;
import nexus.iam.session.SessionService;
import nexus.iam.session.SessionView;
import nexus.iam.session.SignedInApplication;
import nexus.iam.token.CsrfTokens;

/** Gathers what the account page shows for its viewer: profile, live sessions, recent events, sign-in methods. */
@Component
class AccountPages {

	private static final int EVENTS_SHOWN = 20;

	private final IdentityService identities;

	private final SessionService sessions;

	private final AuditLog audit;

	private final CsrfTokens csrfTokens;

	private final SignInMethods providers;

	private final MfaService twoFactor;

	private final SessionApplications applications;

	AccountPages(IdentityService identities, SessionService sessions, AuditLog audit, CsrfTokens csrfTokens,
			SignInMethods providers, MfaService twoFactor, SessionApplications applications) {
		this.applications = applications;
		this.identities = identities;
		this.sessions = sessions;
		this.audit = audit;
		this.csrfTokens = csrfTokens;
		this.providers = providers;
		this.twoFactor = twoFactor;
	}

	/** Empty when the viewer's user no longer exists. */
	Optional<AccountPage> of(PageViewers.PageViewer viewer, @Nullable String notice) {
		return this.identities.profile(viewer.userId())
			.map((profile) -> new AccountPage(profile, sessionRows(viewer),
					this.audit.recentForUser(viewer.userId(), EVENTS_SHOWN)
						.stream()
						.map((event) -> EventRow.of(event, this.providers::displayName))
						.toList(),
					this.csrfTokens.tokenFor(viewer.sessionId()), Notice.of(notice), this.providers.all(),
					this.twoFactor.isOn(viewer.userId())));
	}

	/** The viewer's live sessions, each with the applications it signed in to. */
	private List<SessionRow> sessionRows(PageViewers.PageViewer viewer) {
		List<SessionView> live = this.sessions.liveSessions(viewer.userId());
		Map<UUID, List<SignedInApplication>> signedIn = this.applications
			.shownFor(live.stream().map(SessionView::id).toList());
		return live.stream()
			.map((session) -> SessionRow.of(session, viewer.sessionId(), this.providers::displayName,
					signedIn.getOrDefault(session.id(), List.of())))
			.toList();
	}

	/** What the template shows. */
	record AccountPage(UserProfile user, List<SessionRow> sessions, List<EventRow> events, String csrfToken,
			@Nullable Notice notice, List<SignInProviders.Provider> providers, boolean twoFactorOn) {

		/** The name people know a linked provider by. */
		public String providerName(String name) {
			return this.providers.stream().filter((p) -> p.name().equals(name)).map(SignInProviders.Provider::displayName)
				.findFirst().orElse(name);
		}

		/** The providers not linked yet: the ones worth an "Add" button. */
		public List<SignInProviders.Provider> linkable() {
			return this.providers.stream()
				.filter((p) -> this.user.identities().stream().noneMatch((identity) -> identity.provider().equals(p.name())))
				.toList();
		}
	}
}
