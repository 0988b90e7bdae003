#!/usr/bin/env bash
# codetrace graph on samples/shop matches the golden graph in both formats, byte for byte, and
# the broken sample still produces a graph. UPDATE_GOLDEN=1 rewrites the golden files instead.
. "$(dirname "$0")/lib.sh"
shop=$(copy_sample shop)
for format in json calls csv dot; do
  out="$WORK/shop.graph.$format"
  "$CODETRACE" graph "$shop" --format "$format" -o "$out" 2>"$WORK/stderr"
  expect_eq 0 $? "graph --format $format exits 0"
  golden="$SOURCE_DIR/tests/golden/shop.graph.$format"
  if [ "${UPDATE_GOLDEN:-0}" = 1 ]; then cp "$out" "$golden"; echo "updated $golden"; continue; fi
  expect_same_file "$golden" "$out" "$format graph matches $golden"
done
# The business flow of the sample, resolved across modules.
calls="$WORK/shop.graph.calls"
# process_data is decorated with @timed, so main calls timed's wrapper, which calls process_data.
expect_contains "$calls" '{"function":"main.main","calls":["builtins.len","shop.io.loader.load_data","shop.utils.timed.wrapper","shop.io.writer.save_results"]}' "main calls load_data, the timed wrapper, save_results"
expect_contains "$calls" '{"function":"shop.utils.timed.wrapper","calls":["time.perf_counter","shop.processing.price_order","shop.processing.process_data"' "the wrapper calls the decorated functions"
expect_contains "$calls" '"shop.pricing.cart.Cart.__init__","shop.pricing.cart.Cart.add","shop.pricing.cart.Cart.apply_discount","shop.pricing.cart.Cart.net_total","shop.pricing.cart.Cart.total"' "methods and the net_total property resolved through an instance"
broken=$(copy_sample broken)
"$CODETRACE" graph "$broken" -o "$WORK/broken.json" 2>"$WORK/broken.err"
expect_eq 0 $? "the broken sample still gives a graph (exit 0)"
expect_contains "$WORK/broken.err" "skipped syntax_error.py:4" "broken files are named"
expect_contains "$WORK/broken.json" '{"id":"good.greet"' "the good files are in the graph"
"$CODETRACE" graph "$shop" --format xml 2>/dev/null; expect_eq 2 $? "bad --format is a usage error"
# --heuristic guesses unresolved calls by bare name, and marks those edges.
mkdir -p "$WORK/guess"
printf 'class Order:\n    def save(self):\n        pass\n\ndef store(obj):\n    obj.save()\n' >"$WORK/guess/app.py"
"$CODETRACE" graph "$WORK/guess" --heuristic --format calls -o "$WORK/guess.calls" 2>/dev/null
expect_contains "$WORK/guess.calls" '{"function":"app.store","calls":[],"guesses":["app.Order.save"]}' "a guessed edge is listed apart"
"$CODETRACE" graph "$WORK/guess" --format calls -o "$WORK/no-guess.calls" 2>/dev/null
if grep -q '"guesses"' "$WORK/no-guess.calls" "$WORK/shop.graph.calls"; then fail "guesses without --heuristic"; else pass "no guesses without --heuristic"; fi
finish
