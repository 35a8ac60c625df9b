/**
 * What the features tell the web layer, so that {@code web} imports no feature: each feature
 * declares its routes' rules as an {@link nexus.iam.surface.HttpSurface} bean, and answers the two
 * questions the authentication filters ask ({@link nexus.iam.surface.SessionUse},
 * {@link nexus.iam.surface.KnownUsers}).
 */
package nexus.iam.surface;
