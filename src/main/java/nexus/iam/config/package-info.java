/** Run modes, the embedded infrastructure of the default mode and the start-up checks of production mode. */
package nexus.iam.config;
