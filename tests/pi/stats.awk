# tests/pi/stats.awk - check pi's --seeds output on its own (independent of pi's own verdict).
#
#   awk -v k=30 -v darts=1000000 -f tests/pi/stats.awk OUTPUT
#
# From every "seed S: pi ~ X ..." line: z = (X - pi) / sigma with the binomial
# sigma = 4 sqrt(p (1 - p) / darts), p = pi/4. Checks: k distinct seeds, every |z| < 5, the
# mean of z within 5/sqrt(k) of 0, the rms of z within 5/sqrt(2k) of 1, and more than k/2
# different estimates (a generator that ignores the seed repeats itself; a few equal pairs
# are normal: with 1e6 darts the count inside takes only some thousands of likely values).
function fail(msg) { print "pi_stats: " msg > "/dev/stderr"; bad = 1 }
function abs(v) { return v < 0 ? -v : v }
BEGIN { PI = atan2(0, -1); p = PI / 4; sigma = 4 * sqrt(p * (1 - p) / darts) }
/^seed [0-9]+: pi ~ [0-9.]+ / {
  seed = $2; x = $5 + 0
  if (seed in seen) fail("seed " seed " twice")
  if (!($5 in value)) distinct++
  seen[seed] = 1; value[$5] = seed
  z = (x - PI) / sigma
  if (abs(z) >= 5) fail("seed " seed ": error " (x - PI) " is " z " sigma")
  sum += z; sum2 += z * z; count++
}
END {
  if (count != k) fail(count " estimates, expected " k)
  if (count == 0) exit 1
  if (distinct <= count / 2) fail("only " distinct " different estimates in " count)
  mean = sum / count; rms = sqrt(sum2 / count)
  if (abs(mean) >= 5 / sqrt(count)) fail("mean error " mean " sigma, allowed " 5 / sqrt(count))
  if (abs(rms - 1) >= 5 / sqrt(2 * count)) fail("rms error " rms " sigma, expected 1 +- " 5 / sqrt(2 * count))
  if (bad) exit 1
  printf "pi_stats: %d estimates, mean %+.3f sigma, rms %.3f sigma\n", count, mean, rms
}
