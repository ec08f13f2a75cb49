/** Order statistics of samples: the one definition of a median and a percentile that every part of Keel uses; search by a sorted key. */
package dev.keel.domain.statistics;
