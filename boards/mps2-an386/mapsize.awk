# mapsize.awk - bytes each part of the image really occupies after
# --gc-sections, from the GNU ld map file:  awk -f mapsize.awk kiosk.map
# Parts: board (boards/mps2-an386), core, port (tt_tls), anchor (generated),
# lwip, bearssl, libc (newlib-nano), libgcc.  code = .text + .rodata (flash),
# ram = .data + .bss (static RAM, the stack not included).
function part(path) {
    if (path ~ /\/lwip\//) return "lwip"
    if (path ~ /\/board\//) return "board"
    if (path ~ /\/core\//) return "core"
    if (path ~ /\/port\//) return "port"
    if (path ~ /\/gen\//) return "anchor"
    if (path ~ /bearssl/) return "bearssl"
    if (path ~ /libgcc/) return "libgcc"
    if (path ~ /libc|newlib/) return "libc"
    return "other"
}
function hex(s,   i, v) {   # mawk has no strtonum
    v = 0
    s = tolower(substr(s, 3))
    for (i = 1; i <= length(s); i++) v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
    return v
}
function add(sec, size, path,   p) {
    p = part(path)
    if (sec ~ /^\.(text|rodata)/) code[p] += hex(size)
    else ram[p] += hex(size)
    seen[p] = 1
}
/^Linker script and memory map/ { on = 1; next }
!on { next }
/^ \.(text|rodata|data|bss)/ {
    if (NF >= 4 && $2 ~ /^0x/) { if ($3 != "0x0") add($1, $3, $4); pending = "" }
    else if (NF == 1) pending = $1
    next
}
pending != "" && NF >= 3 && $1 ~ /^0x/ { if ($2 != "0x0") add(pending, $2, $3); pending = ""; next }
{ pending = "" }
END {
    printf "  %-8s %9s %9s\n", "part", "code", "ram"
    n = split("board core port anchor lwip bearssl libc libgcc other", order, " ")
    for (i = 1; i <= n; i++) {
        p = order[i]
        if (!(p in seen)) continue
        printf "  %-8s %9d %9d\n", p, code[p], ram[p]
        tc += code[p]; tr += ram[p]
    }
    printf "  %-8s %9d %9d\n", "total", tc, tr
}
