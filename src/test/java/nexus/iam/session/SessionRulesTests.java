package nexus.iam.session;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import nexus.iam.audit.AuditEventType;
import nexus.iam.session.SessionRepository.Familiarity;

import static org.assertj.core.api.Assertions.assertThat;

/** The decisions of {@link SessionService} as tables, without Spring or a database. */
class SessionRulesTests {

	private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

	@ParameterizedTest(name = "history {0}, known device {1}, known country {2} -> unfamiliar {3}")
	@CsvSource({ "false, false, false, false", "true, true, true, false", "true, false, true, true",
			"true, true, false, true", "true, false, false, true" })
	void startWhenTheDeviceOrCountryIsNewToAUserWithHistoryThenUnfamiliar(boolean history, boolean knownDevice,
			boolean knownCountry, boolean unfamiliar) {
		assertThat(SessionRules.unfamiliar(new Familiarity(history, knownDevice, knownCountry))).isEqualTo(unfamiliar);
	}

	@Test
	void newPairWhenTheSessionOutlivesTheRefreshLifetimeThenTheRefreshTokenGetsItsFullLifetime() {
		assertThat(SessionRules.refreshTokenExpiry(NOW, Duration.ofDays(14), NOW.plus(Duration.ofDays(30))))
			.isEqualTo(NOW.plus(Duration.ofDays(14)));
	}

	@Test
	void newPairWhenTheSessionEndsFirstThenTheRefreshTokenEndsWithIt() {
		assertThat(SessionRules.refreshTokenExpiry(NOW, Duration.ofDays(14), NOW.plus(Duration.ofDays(2))))
			.isEqualTo(NOW.plus(Duration.ofDays(2)));
	}

	@Test
	void revokeOwnWhenTheCurrentSessionThenSignOut() {
		UUID current = UUID.randomUUID();

		assertThat(SessionRules.endingOwn(current, current)).isEqualTo(SessionEndReason.SIGN_OUT);
	}

	@Test
	void revokeOwnWhenAnotherSessionThenRemoteSignOut() {
		assertThat(SessionRules.endingOwn(UUID.randomUUID(), UUID.randomUUID()))
			.isEqualTo(SessionEndReason.REMOTE_SIGN_OUT);
	}

	@Test
	void revokeWhenSignOutThenAuditedAsSignOut() {
		assertThat(SessionRules.auditedAs(SessionEndReason.SIGN_OUT)).isEqualTo(AuditEventType.SIGN_OUT);
	}

	@ParameterizedTest
	@EnumSource(value = SessionEndReason.class, names = "SIGN_OUT", mode = EnumSource.Mode.EXCLUDE)
	void revokeWhenAnyOtherReasonThenAuditedAsRevoked(SessionEndReason reason) {
		assertThat(SessionRules.auditedAs(reason)).isEqualTo(AuditEventType.SESSION_REVOKED);
	}
}
