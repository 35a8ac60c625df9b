package nexus.iam.device;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class LocationTests {

	@Test
	void displayWhenCityAndCountryThenCityAndEnglishCountryName() {
		assertThat(new Location("Berlin", "Land Berlin", "DE").display()).isEqualTo("Berlin, Germany");
		assertThat(new Location("Boxford", "England", "GB").display()).isEqualTo("Boxford, United Kingdom");
	}

	@Test
	void displayWhenNoCityThenRegionAndCountry() {
		assertThat(new Location(null, "Washington", "US").display()).isEqualTo("Washington, United States");
		assertThat(new Location(null, null, "BT").display()).isEqualTo("Bhutan");
		assertThat(new Location("Zürich", null, null).display()).isEqualTo("Zürich");
	}

	@Test
	void displayWhenEmptyThenEmptyString() {
		assertThat(Location.empty().display()).isEmpty();
	}

	@Test
	void isEmptyOnlyWhenNothingIsKnown() {
		assertThat(Location.empty().isEmpty()).isTrue();
		assertThat(new Location(" ", "", null).isEmpty()).isTrue();
		assertThat(new Location(null, null, "SE").isEmpty()).isFalse();
		assertThat(new Location(null, "England", null).isEmpty()).isFalse();
		assertThat(new Location("Linköping", null, null).isEmpty()).isFalse();
	}

	@Test
	void countryWhenLowerCaseThenUpperCased() {
		assertThat(new Location(null, null, "de").country()).isEqualTo("DE");
	}

	@ParameterizedTest
	@ValueSource(strings = { "DEU", "D", "D1", "1A", "ıt", "É", "" })
	void countryWhenNotTwoAsciiLettersThenRejected(String country) {
		assertThatIllegalArgumentException().isThrownBy(() -> new Location(null, null, country));
		assertThat(Location.countryCode(country)).isNull();
	}
}
