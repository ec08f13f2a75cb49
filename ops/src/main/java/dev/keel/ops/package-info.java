/** The operator's command line: demo, run, generate, migrate and the ops commands. */
package dev.keel.ops;
