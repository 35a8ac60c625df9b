package nexus.iam.revocation;

import java.text.ParseException;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.nimbusds.jwt.SignedJWT;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import nexus.iam.token.AccessTokenService;
import nexus.iam.token.BenchTokens;
import nexus.iam.token.RefreshTokenValues;
import nexus.iam.token.VerifiedAccessToken;

/**
 * The per-request cost of authentication: verifying an access token (ES256 signature, type and
 * claims) and checking it against the in-memory deny-list, here holding 10,000 revoked tokens,
 * sessions and users. Baseline: parsing the token without checking it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class AccessTokenCheckBenchmark {

	private AccessTokenService service;

	private RevocationCache cache;

	private RefreshTokenValues refreshValues;

	private String token;

	private VerifiedAccessToken verified;

	private String refreshToken;

	@Setup
	public void setUp() {
		this.service = BenchTokens.accessTokenService();
		this.token = BenchTokens.issue(this.service);
		this.verified = this.service.verify(this.token);
		this.cache = new RevocationCache();
		Instant expires = Instant.now().plusSeconds(900);
		for (int i = 0; i < 10_000; i++) {
			Revocation.Kind kind = Revocation.Kind.values()[i % 3];
			this.cache.apply(new Revocation(kind, UUID.randomUUID().toString(),
					(kind == Revocation.Kind.USER) ? Instant.now() : null, expires));
		}
		this.refreshValues = BenchTokens.refreshTokenValues();
		this.refreshToken = this.refreshValues.newValue();
	}

	/** The reference: parse only, no signature, no claims. */
	@Benchmark
	public SignedJWT baselineParse() throws ParseException {
		return SignedJWT.parse(this.token);
	}

	/** A token seen for the first time: ES256 signature, type and claims. */
	@Benchmark
	public VerifiedAccessToken verifyUncached() {
		return BenchTokens.verifyUncached(this.service, this.token);
	}

	/** What every later request with the same token pays: cache hit, expiry and deny-list check. */
	@Benchmark
	public boolean verifyAndRevocationCheck() {
		return this.cache.isRevoked(this.service.verify(this.token));
	}

	@Benchmark
	public boolean revocationCheckOnly() {
		return this.cache.isRevoked(this.verified);
	}

	/** What a refresh pays before its database round trip: hash the presented token. */
	@Benchmark
	public byte[] refreshTokenHash() {
		return RefreshTokenValues.hash(this.refreshToken);
	}

	/** And derives the successor. */
	@Benchmark
	public String refreshTokenSuccessor() {
		return this.refreshValues.successorOf(this.refreshToken);
	}

	@Benchmark
	public String issueAccessToken() {
		return BenchTokens.issue(this.service);
	}
}
