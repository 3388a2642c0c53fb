/**
 * A seccomp filter for `bwrap --seccomp FD`: the kernel keyring system calls (add_key, request_key, keyctl) fail
 * with EPERM, as in Docker's default profile. Keyrings are not namespaced: a sandboxed process inherits the
 * session keyring of whoever started Snakepit, and could read what a login session keeps there (Kerberos
 * `KEYRING:` caches, other secrets). Everything else is allowed.
 *
 * The program is classic BPF over `struct seccomp_data` (nr at offset 0, arch at 4), as the raw
 * `struct sock_filter` array bwrap reads; undefined for an architecture we have no numbers for.
 */
export function keyringFilter(arch: string = process.arch): Buffer | undefined {
  const blocks = KEYRING_SYSCALLS[arch];
  return blocks && assemble(blocks);
}

const AUDIT_ARCH = { x86_64: 0xc000003e, i386: 0x40000003, aarch64: 0xc00000b7, arm: 0x40000028 } as const;
const X32_SYSCALL_BIT = 0x40000000;

/** add_key, request_key, keyctl per ABI a process on this architecture may use (64-bit, x32, 32-bit compat). */
const KEYRING_SYSCALLS: Record<string, { arch: number; numbers: number[] }[]> = {
  x64: [
    { arch: AUDIT_ARCH.x86_64, numbers: [248, 249, 250, X32_SYSCALL_BIT | 248, X32_SYSCALL_BIT | 249, X32_SYSCALL_BIT | 250] },
    { arch: AUDIT_ARCH.i386, numbers: [286, 287, 288] },
  ],
  arm64: [
    { arch: AUDIT_ARCH.aarch64, numbers: [217, 218, 219] },
    { arch: AUDIT_ARCH.arm, numbers: [309, 310, 311] },
  ],
};

const LD_W_ABS = 0x20;
const JEQ_K = 0x15;
const RET_K = 0x06;
const RET_ALLOW = 0x7fff0000;
const RET_EPERM = 0x00050000 | 1;

type Instruction = { code: number; k: number; jt?: string | 0; jf?: string | 0; label?: string };

function assemble(blocks: { arch: number; numbers: number[] }[]): Buffer {
  const program: Instruction[] = [];
  blocks.forEach((block, i) => {
    const next = `arch${i + 1}`;
    program.push({ code: LD_W_ABS, k: 4, label: `arch${i}` }, { code: JEQ_K, k: block.arch, jt: 0, jf: next }, { code: LD_W_ABS, k: 0 });
    for (const nr of block.numbers) program.push({ code: JEQ_K, k: nr, jt: 'deny', jf: 0 });
    program.push({ code: RET_K, k: RET_ALLOW });
  });
  program.push({ code: RET_K, k: RET_ALLOW, label: `arch${blocks.length}` }, { code: RET_K, k: RET_EPERM, label: 'deny' });
  const at = new Map(program.flatMap((instruction, index) => (instruction.label ? [[instruction.label, index] as const] : [])));
  const offset = (from: number, target: string | 0 | undefined) => {
    if (!target) return 0;
    const distance = at.get(target)! - from - 1;
    if (distance < 0 || distance > 255) throw new Error(`seccomp jump out of range: ${distance}`);
    return distance;
  };
  const buffer = Buffer.alloc(program.length * 8);
  program.forEach((instruction, index) => {
    buffer.writeUInt16LE(instruction.code, index * 8);
    buffer.writeUInt8(offset(index, instruction.jt), index * 8 + 2);
    buffer.writeUInt8(offset(index, instruction.jf), index * 8 + 3);
    buffer.writeUInt32LE(instruction.k >>> 0, index * 8 + 4);
  });
  return buffer;
}
