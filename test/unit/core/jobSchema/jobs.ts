// Job definitions the jobSchema tests share.

/** A valid QEMU job (LAVA 2023.01 accepts it in strict mode), the base every row mutates. */
export const QEMU_JOB = `device_type: qemu
job_name: qemu boot and test
visibility: public
priority: medium
timeouts:
  job:
    minutes: 10
  action:
    minutes: 5
context:
  arch: amd64
actions:
- deploy:
    timeout:
      minutes: 2
    to: tmpfs
    images:
      rootfs:
        url: https://example.invalid/rootfs.img.gz
        image_arg: -drive format=raw,file={rootfs}
        compression: gz
- boot:
    timeout:
      minutes: 3
    method: qemu
    media: tmpfs
    prompts:
    - 'root@debian:~#'
- test:
    timeout:
      minutes: 3
    definitions:
    - repository: https://example.invalid/tests.git
      from: git
      path: smoke.yaml
      name: smoke
`;
