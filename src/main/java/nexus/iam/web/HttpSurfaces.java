package nexus.iam.web;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import nexus.iam.surface.HttpSurface;
import nexus.iam.surface.RateLimit;

/** Every feature's {@link HttpSurface}, merged: what the filter chain needs to know of the routes. */
record HttpSurfaces(List<String> publicPaths, Set<String> csrfTokenExempt, List<RateLimit> rateLimits,
		List<String> formActionOrigins, Set<String> crossSiteFormPaths) {

	static HttpSurfaces of(List<HttpSurface> surfaces) {
		Set<String> publicPaths = new LinkedHashSet<>();
		Set<String> exempt = new LinkedHashSet<>();
		Set<String> origins = new LinkedHashSet<>();
		Set<String> crossSite = new LinkedHashSet<>();
		List<RateLimit> limits = new java.util.ArrayList<>();
		for (HttpSurface surface : surfaces) {
			publicPaths.addAll(surface.publicPaths());
			exempt.addAll(surface.csrfTokenExempt());
			limits.addAll(surface.rateLimits());
			origins.addAll(surface.formActionOrigins());
			crossSite.addAll(surface.crossSiteFormPaths());
		}
		return new HttpSurfaces(List.copyOf(publicPaths), Set.copyOf(exempt), List.copyOf(limits),
				List.copyOf(origins), Set.copyOf(crossSite));
	}
}
