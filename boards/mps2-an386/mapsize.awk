# mapsize.awk - bytes each part of a firmware image really occupies after
# --gc-sections, from the GNU ld map file:  awk -f mapsize.awk image.map
# (make BOARD=mps2-an386 size, make BOARD=rv32 size; scripts/size.sh prints
# the fuller report of both).
# Parts: board (boards/<board>, its generated anchor), core, port (tt_tls,
# tt_lwip), lwip, bearssl, libc (newlib-nano / picolibc), libgcc.
# code = .text + .rodata (flash); ram = .data + .bss (static RAM, the stack
# not included; .data also takes flash).  Merged string sections count their
# input size (ld prints it as "size before relaxing"); the total line of
# `size` is the exact figure.
function part(path) {
    if (path ~ /\/port\// || path ~ /tt_tls|tt_lwip/) return "port"
    if (path ~ /\/lwip\//) return "lwip"
    if (path ~ /\/board\// || path ~ /\/gen\//) return "board"
    if (path ~ /\/core\//) return "core"
    if (path ~ /bearssl/) return "bearssl"
    if (path ~ /libgcc/) return "libgcc"
    if (path ~ /libc|newlib|picolibc/) return "libc"
    return "other"
}
function hex(s,   i, v) {   # mawk has no strtonum
    v = 0
    s = tolower(substr(s, 3))
    for (i = 1; i <= length(s); i++) v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
    return v
}
function add(sec, size, path,   p, n) {
    p = part(path)
    n = hex(size)
    if (sec ~ /^\.(text|rodata|srodata)/) { code[p] += n; lastcode = 1 }
    else { ram[p] += n; lastcode = 0 }
    seen[p] = 1
    lastp = p; lastn = n
}
/^Linker script and memory map/ { on = 1; next }
!on { next }
/\(size before relaxing\)/ {
    if (lastp != "") {
        if (lastcode) code[lastp] += hex($1) - lastn
        else ram[lastp] += hex($1) - lastn
    }
    lastp = ""
    next
}
/^ \.(text|rodata|srodata|s?data|s?bss)/ {
    lastp = ""
    if (NF >= 4 && $2 ~ /^0x/) { if ($3 != "0x0") add($1, $3, $4); pending = "" }
    else if (NF == 1) pending = $1
    next
}
pending != "" && NF >= 3 && $1 ~ /^0x/ { if ($2 != "0x0") add(pending, $2, $3); pending = ""; next }
{ pending = ""; lastp = "" }
END {
    printf "  %-8s %9s %9s\n", "part", "code", "ram"
    n = split("board core port lwip bearssl libc libgcc other", order, " ")
    for (i = 1; i <= n; i++) {
        p = order[i]
        if (!(p in seen)) continue
        printf "  %-8s %9d %9d\n", p, code[p], ram[p]
        tc += code[p]; tr += ram[p]
    }
    printf "  %-8s %9d %9d\n", "total", tc, tr
}
