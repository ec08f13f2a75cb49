/** {@code keel regimes}: the regime timeline, switch counts and chart of a folder of daily price files, for people to inspect. */
package dev.keel.ops.regimes;
