# The library keeps no mutable state outside its handles (STYLE B6): no
# object in src/lib lives in a writable data section (.data or .bss; tables
# of const pointers go to .data.rel.ro, read-only once relocated). Checked
# on the compiled objects, so no macro or odd layout can hide one.
dir=$(dirname "$NEARDUP")/src/lib
found=$(for o in "$dir"/*.o; do
    objdump -t "$o" | awk -v f="$(basename "$o")" \
        '$0 ~ / O / && ($4 == ".data" || $4 == ".bss" || $4 ~ /^\.(data|bss)\./) && $4 !~ /rel\.ro/ { print f ": " $NF " (" $4 ")" }'
done)
if [ -n "$found" ]; then
    echo "mutable file-scope data in src/lib:"
    echo "$found"
    exit 1
fi
echo "src/lib: no mutable file-scope data"
