/** {@code keel optimize}: one rebalancing problem from a JSON file, solved and explained on the command line. */
package dev.keel.ops.optimize;
