# tests/count/recount.awk - recount count's output serially, without MPI.
#
#   awk -v np=4 -v n=20 -v max=10 -v find=8 -f tests/count/recount.awk OUTPUT
#
# Reads every "rank count [a, b, ...]" line, checks the list (n numbers in 1..max), counts
# find in it and compares with the rank's own count; then checks rank 0's gathered list
# "0 [c0, c1, ...]" and the "Total number of F's: T" line against the recount.
# Prints what is wrong and exits 1, or prints the recount and exits 0.
function fail(msg) { print "recount: " msg > "/dev/stderr"; bad = 1 }
/^[0-9]+ [0-9]+ \[[0-9, ]*\]$/ {
  rank = $1; claimed = $2
  line = $0; sub(/^[^[]*\[/, "", line); sub(/\]$/, "", line)
  k = split(line, nums, /, /)
  if (k != n) fail("rank " rank " printed " k " numbers, expected " n)
  got = 0
  for (i = 1; i <= k; i++) {
    if (nums[i] < 1 || nums[i] > max) fail("rank " rank ": " nums[i] " is outside 1.." max)
    if (nums[i] == find) got++
  }
  if (got != claimed) fail("rank " rank " says " claimed " but its numbers hold " got)
  if (rank in seen) fail("rank " rank " printed twice")
  seen[rank] = got; ranks++; total += got
  next
}
/^0 \[[0-9, ]*\]$/ {
  line = $0; sub(/^0 \[/, "", line); sub(/\]$/, "", line)
  gathered_n = split(line, gathered, /, /)
}
/^Total number of [0-9]+'s: [0-9]+$/ { printed_total = $NF; sub(/'s:$/, "", $4); total_of = $4 }
END {
  if (ranks != np) fail(ranks " rank lines, expected " np)
  if (gathered_n != np) fail("rank 0 gathered " gathered_n " counts, expected " np)
  for (r = 0; r < np; r++)
    if (gathered[r + 1] != seen[r]) fail("gathered count of rank " r " is " gathered[r + 1] ", recount " seen[r])
  if (total_of != find) fail("the total line counts " total_of "'s, expected " find "'s")
  if (printed_total != total) fail("printed total " printed_total ", serial recount " total)
  if (bad) exit 1
  print "recount: " total " " find "'s in " np " x " n " numbers, as printed"
}
