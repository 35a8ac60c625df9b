/**
 * What device and place a request comes from: the User-Agent read as browser, operating system and
 * kind of device, and the client address as a city and country, recorded on a session at sign-in.
 */
package nexus.iam.device;
