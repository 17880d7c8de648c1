import "elf"
import "hash"
import "math"
rule e { condition: elf.type == elf.ET_EXEC and hash.sha256(0, filesize) != "" and math.entropy(0, filesize) > 1 }
