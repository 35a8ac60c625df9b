package nexus.iam.account;

import java.util.UUID;

/** Whether a user has two-factor authentication on, for the account page (the mfa package answers it). */
@FunctionalInterface
public interface TwoFactorStatus {

	boolean enabled(UUID userId);
}
