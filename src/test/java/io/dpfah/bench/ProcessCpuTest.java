package io.dpfah.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProcessCpuTest {

  @Test
  void readsUtimeAndStimeAfterACommandWithSpacesAndParentheses() {
    // fields: pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt
    // utime stime ...
    String stat = "4242 (java (main) x) S 1 4242 4242 0 -1 4194560 1000 0 3 0 1234 56 7 8 20 0"
        + " 31 0 900 123456 789";
    ProcessCpu cpu = ProcessCpu.parseStat(stat);
    assertEquals(12.34, cpu.userSeconds(), 1e-12);
    assertEquals(0.56, cpu.systemSeconds(), 1e-12);
    assertEquals(1000, cpu.minorFaults());
    ProcessCpu later = new ProcessCpu(13.0, 0.6, 1500);
    assertEquals(0.66, later.minus(cpu).userSeconds(), 1e-12);
    assertEquals(0.04, later.minus(cpu).systemSeconds(), 1e-12);
    assertEquals(500, later.minus(cpu).minorFaults());
  }

  @Test
  void userTimeGrowsWithWorkOnThisMachine() {
    ProcessCpu start = ProcessCpu.now();
    assertTrue(start.userSeconds() > 0, start.toString());
    double x = 0;
    long spins = 0;
    // work until the counter (1/100 s) moves; CPU time only advances while this thread runs
    while (ProcessCpu.now().userSeconds() == start.userSeconds() && spins < 2_000_000_000L) {
      for (int i = 0; i < 100_000; i++) {
        x += Math.sqrt(i + x);
      }
      spins += 100_000;
    }
    assertTrue(ProcessCpu.now().userSeconds() > start.userSeconds(), "x=" + x);
  }
}
