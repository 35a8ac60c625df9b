package nexus.iam.restore;

import java.time.Instant;

/**
 * What one restore epoch did.
 *
 * @param sessionsEnded sessions the restored database still showed live, now ended
 * @param refreshTokensEnded their refresh tokens that were not revoked yet, now revoked
 * @param tokensBefore access tokens issued before this instant are refused
 */
record Epoch(int sessionsEnded, int refreshTokensEnded, Instant tokensBefore) {
}
